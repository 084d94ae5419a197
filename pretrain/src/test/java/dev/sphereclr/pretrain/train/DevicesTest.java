package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** A GPU run names what it lacks: the CUDA natives, or a GPU the driver shows. */
class DevicesTest {

    @Test
    void eachMissingPieceIsNamedWithHowToGetIt() {
        String cpuNatives = Devices.missing("cpu", 0);
        assertTrue(cpuNatives.contains("the PyTorch natives on the class path are the cpu build"));
        assertTrue(cpuNatives.contains("-Pcuda"), cpuNatives);
        String none = Devices.missing(null, 0);
        assertTrue(none.contains("CPU build or none"), none);
        String noGpu = Devices.missing("cu124", 0);
        assertTrue(noGpu.contains("PyTorch sees no GPU"), noGpu);
        assertTrue(noGpu.contains("CUDA 12.4 or later"), noGpu);
        assertNull(Devices.missing("cu124", 2));
    }

    @Test
    void theCpuIsAlwaysThereAndAGpuIsRefusedWithTheCpuNatives() {
        assertEquals(Device.cpu(), Devices.of("cpu"));
        if ("cpu".equals(Devices.nativeFlavor())) {
            var e = assertThrows(IllegalArgumentException.class, () -> Devices.of("gpu1"));
            assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        }
    }
}

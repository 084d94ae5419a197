package dev.sphereclr.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

class EngineOfflineTest {

    @Test
    void pyTorchLoadsFromTheClassPathWithoutNetwork() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run offline");
        assertEquals(true, Utils.isOfflineMode());
        Engine engine = Engine.getInstance();
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals("2.5.1", engine.getVersion());
    }

    @Test
    void computesAMatrixProduct() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a =
                    manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b =
                    manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            assertArrayEquals(new float[] {19, 22, 43, 50}, a.matMul(b).toFloatArray());
        }
    }
}

package dev.sphereclr.pretrain.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.augment.data.InMemoryDataset;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.pretrain.nn.ResNet;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnnMonitorTest {

    /** Two classes that differ in brightness: any encoder keeps them apart. */
    static InMemoryDataset brightness(int n) {
        byte[] px = new byte[n * 32 * 32 * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            java.util.Arrays.fill(
                    px, i * 3072, (i + 1) * 3072, (byte) (labels[i] == 0 ? 20 + i : 220 - i));
        }
        return new InMemoryDataset("brightness", 32, 32, px, labels, List.of("dark", "light"));
    }

    @Test
    void measuresKnnAccuracyWithoutChangingTheEncoder() throws Exception {
        ResNet net = ResNet.builder().optWidth(0.0625).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            float[] before =
                    net.block().getParameters().get(1).getValue().getArray().toFloatArray();
            KnnMonitor monitor =
                    new KnnMonitor(
                            brightness(40),
                            brightness(20),
                            Presets.evalCifar(),
                            30,
                            1,
                            dev.sphereclr.augment.loader.TensorLayout.CHANNELS_LAST,
                            new WeightedKnn(3, 0.1));
            double top1 = monitor.evaluate(net.block(), m);
            assertTrue(top1 > 0.9, "kNN top-1 " + top1);
            assertEquals(top1, monitor.evaluate(net.block(), m), 0.0, "deterministic");
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    before,
                    net.block().getParameters().get(1).getValue().getArray().toFloatArray());
        }
    }
}

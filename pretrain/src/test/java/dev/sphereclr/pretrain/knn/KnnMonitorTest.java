package dev.sphereclr.pretrain.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.augment.data.InMemoryDataset;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.encoder.nn.ResNet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            Map<String, float[]> before = everyArray(net);
            assertTrue(
                    before.keySet().stream().anyMatch(n -> n.contains("runningMean")),
                    "the batch norms' running statistics are among the arrays compared");
            KnnMonitor monitor =
                    new KnnMonitor(
                            brightness(40),
                            brightness(20),
                            Presets.evalCifar(),
                            30,
                            1,
                            dev.sphereclr.encoder.nn.TensorLayout.CHANNELS_LAST,
                            new WeightedKnn(3, 0.1));
            double top1 = monitor.evaluate(net.block(), m);
            assertTrue(top1 > 0.9, "kNN top-1 " + top1);
            assertEquals(top1, monitor.evaluate(net.block(), m), 0.0, "deterministic");
            // A forward in training mode would move the running statistics; weights and biases
            // no forward changes.
            Map<String, float[]> after = everyArray(net);
            for (Map.Entry<String, float[]> e : before.entrySet()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        e.getValue(), after.get(e.getKey()), e.getKey());
            }
        }
    }

    /** Every parameter of {@code net}, batch-norm running statistics included, by name. */
    private static Map<String, float[]> everyArray(ResNet net) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        net.block()
                .getParameters()
                .forEach(p -> arrays.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return arrays;
    }
}

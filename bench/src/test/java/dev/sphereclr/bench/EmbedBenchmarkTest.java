package dev.sphereclr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.sphereclr.encoder.nn.TensorLayout;
import org.junit.jupiter.api.Test;

/** {@code bench embed --layout}: the layout asked for is the one timed, and the result says it. */
class EmbedBenchmarkTest {

    @Test
    void aLayoutAskedForIsTheOneTimed() {
        for (TensorLayout layout : TensorLayout.values()) {
            EmbedBenchmark.Result r =
                    EmbedBenchmark.run("resnet18", 32, 2, 0, 1, Device.cpu(), layout);
            assertEquals(layout, r.layout());
            assertTrue(r.rate() > 0, "images/s " + r.rate());
        }
    }
}

package dev.sphereclr.pretrain.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    /**
     * A row of zeros (a projection whose inputs all fell below a ReLU, say) has a norm of zero with
     * gradient zero and normalizes to zeros with gradient {@code w / 1e-12}, as PyTorch's {@code
     * norm} and {@code F.normalize} have it, and does not turn every parameter into NaN through the
     * square root's gradient at 0.
     */
    @Test
    void aZeroRowHasTheGradientsPyTorchGivesIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {3, 4, 0, 0, 0, 0}, new Shape(3, 2));
            x.setRequiresGradient(true);
            NDArray normalized;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                normalized = Embeddings.l2Normalize(x);
                NDArray norms = Embeddings.rowNorms(x);
                NDArray weights = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
                c.backward(normalized.mul(weights).sum().add(norms.sum()));
            }
            assertArrayEquals(
                    new float[] {0.6f, 0.8f, 0, 0, 0, 0}, normalized.toFloatArray(), 1e-6f);
            // Row 0: d/dx of w . x / |x| + |x| at x = (3, 4) with w = (1, 2).
            float[] g = x.getGradient().toFloatArray();
            double n = 5;
            double wx = (1 * 3 + 2 * 4) / n;
            assertArrayEquals(
                    new float[] {
                        (float) ((1 - wx * 3 / n) / n + 3 / n),
                        (float) ((2 - wx * 4 / n) / n + 4 / n)
                    },
                    new float[] {g[0], g[1]},
                    1e-5f);
            // Rows 1 and 2: w / 1e-12 from the normalization, 0 from the norm.
            for (int j = 2; j < 6; j++) {
                assertEquals(1, g[j] / ((j + 1) / 1e-12), 1e-6, "element " + j);
            }
        }
    }
}

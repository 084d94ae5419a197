package dev.sphereclr.pretrain.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * NT-Xent in blocks of rows, without a graph, gives the value and the gradient that autograd gives
 * through {@link NtXentLoss}, whatever the block (one, several, a ragged last one).
 */
class BlockwiseNtXentTest {

    @Test
    void theValueAndGradientAreAutogradsForAnyBlock() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.randomNormal(0, 2, new Shape(40, 8), DataType.FLOAT64);
            double expected;
            double[] grad;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray leaf = z.duplicate();
                leaf.setRequiresGradient(true);
                NDArray loss = new NtXentLoss(0.3).compute(leaf.get("0:20"), leaf.get("20:"));
                c.backward(loss);
                expected = loss.getDouble();
                grad = leaf.getGradient().toDoubleArray();
            }
            for (int block : new int[] {40, 7, 1, 512}) {
                BlockwiseNtXent.ValueAndGradient r = new BlockwiseNtXent(0.3, block).compute(z);
                double value = r.value().getDouble();
                assertTrue(Math.abs(value - expected) < 1e-12 * expected, block + ": " + value);
                double[] g = r.gradient().toDoubleArray();
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < g.length; i++) {
                    scale = Math.max(scale, Math.abs(grad[i]));
                    diff = Math.max(diff, Math.abs(grad[i] - g[i]));
                }
                assertTrue(diff < 1e-12 * scale, "block " + block + ": difference " + diff);
            }
        }
    }
}

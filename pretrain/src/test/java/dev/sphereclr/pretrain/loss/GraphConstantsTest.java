package dev.sphereclr.pretrain.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A constant that autograd keeps for the backward pass must outlive the forward scope. The forward
 * scope is closed and the Java heap collected, and freed native memory refilled with NaN, before
 * backward runs: the gradient must still be the constant's.
 *
 * <p>The check runs in a child JVM under the system allocator, where freed memory is reused at once
 * (the tests' jemalloc hands it out later, and the fault would hide); a Java-backed scalar, as DJL
 * makes from a number, is the control that shows the check can see the fault.
 */
class GraphConstantsTest {

    /** Runs 10 attempts of one kind and exits with the number whose gradient was wrong. */
    public static final class Probe {
        public static void main(String[] args) {
            boolean javaBacked = args[0].equals("java-backed");
            int wrong = 0;
            for (int attempt = 0; attempt < 10; attempt++) {
                float[] g =
                        gradientAfterChurn(
                                javaBacked
                                        ? (x, v) -> x.getManager().create(v.floatValue())
                                        : GraphConstants::scalar);
                for (float v : g) {
                    if (v != 0.25f) {
                        wrong++;
                        break;
                    }
                }
            }
            System.exit(wrong);
        }
    }

    static int probe(String kind) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dai.djl.offline=true");
        command.add(Probe.class.getName());
        command.add(kind);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LD_PRELOAD");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start().waitFor();
    }

    /** Gradient of sum(x / 4) after the divisor's forward scope closed and memory was churned. */
    static float[] gradientAfterChurn(BiFunction<NDArray, Double, NDArray> divisor) {
        try (NDManager run = NDManager.newBaseManager()) {
            NDArray x = run.ones(new Shape(64));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss;
                try (NDManager forward = run.newSubManager()) {
                    NDArray xs = x;
                    forward.tempAttachAll(xs);
                    loss = xs.div(divisor.apply(xs, 4.0)).sum();
                    loss.attach(run);
                }
                churn();
                collector.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Collects the heap, then fills many small native blocks with NaN. */
    static void churn() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
                b.putFloat(0, Float.NaN).putFloat(4, Float.NaN);
                keep.add(b);
            }
        }
    }

    @Test
    void aScalarForBackwardSurvivesItsForwardScopeWhereAJavaBackedOneDoesNot() throws Exception {
        assertEquals(0, probe("engine-owned"), "wrong gradients with GraphConstants.scalar");
        assertTrue(
                probe("java-backed") > 0,
                "the control (a Java-backed scalar) gave no wrong gradient: the check sees nothing");
    }

    @Test
    void indicesAreCopiedIntoEngineMemory() {
        try (NDManager m = NDManager.newBaseManager()) {
            long[] values = {3, 1, 2};
            NDArray idx = GraphConstants.indices(m, values, new Shape(3, 1));
            values[0] = 99; // the Java array no longer matters
            assertEquals(3L, idx.toLongArray()[0]);
        }
    }
}

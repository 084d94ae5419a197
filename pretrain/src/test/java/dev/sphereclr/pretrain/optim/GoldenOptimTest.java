package dev.sphereclr.pretrain.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.sphereclr.golden.Golden;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code optim.json}: one LARS step from a given parameter, gradient and buffer, and
 * several steps of LARS, SGD and AdamW from zero state (PyTorch's {@code torch.optim} for the two).
 */
class GoldenOptimTest {

    @TestFactory
    Stream<DynamicTest> everyOptimizerStepMatches() throws IOException {
        return Golden.cases("optim").stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static NDArray array(NDManager m, JsonObject a) {
        int[] s = Golden.shape(a);
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = s[i];
        }
        return m.create(Golden.data(a), new Shape(shape));
    }

    private static void check(JsonObject c) {
        if (c.getAsJsonObject("params").has("steps")) {
            checkSteps(c);
            return;
        }
        JsonObject p = c.getAsJsonObject("params");
        JsonObject in = c.getAsJsonObject("inputs");
        JsonObject expected = c.getAsJsonObject("expected");
        assertTrue("lars".equals(c.get("optimizer").getAsString()), "one step: LARS cases only");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = array(m, in.getAsJsonObject("param"));
            NDArray g = array(m, in.getAsJsonObject("grad"));
            NDArray[] slots = {array(m, in.getAsJsonObject("momentum_buffer"))};
            try (Lars lars = (Lars) optimizer(m, c)) {
                lars.update(
                        w,
                        g,
                        slots,
                        p.get("excluded_from_adaptation_and_decay").getAsBoolean(),
                        p.get("lr").getAsDouble(),
                        1);
            }
            close("param", w, expected.getAsJsonObject("param"));
            close("momentum_buffer", slots[0], expected.getAsJsonObject("momentum_buffer"));
        }
    }

    /** Several steps from zero state, one gradient of {@code grads} each (LARS, SGD, AdamW). */
    private static void checkSteps(JsonObject c) {
        JsonObject p = c.getAsJsonObject("params");
        JsonObject in = c.getAsJsonObject("inputs");
        int steps = p.get("steps").getAsInt();
        try (NDManager m = NDManager.newBaseManager();
                Optimizer optimizer = optimizer(m, c)) {
            NDArray w = array(m, in.getAsJsonObject("param"));
            NDArray grads = array(m, in.getAsJsonObject("grads"));
            NDArray[] slots = new NDArray[optimizer.slotsPerParameter()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = m.zeros(w.getShape(), w.getDataType());
            }
            for (int s = 0; s < steps; s++) {
                optimizer.update(
                        w,
                        grads.get(s).duplicate(),
                        slots,
                        p.get("excluded_from_adaptation_and_decay").getAsBoolean(),
                        p.get("lr").getAsDouble(),
                        s + 1);
            }
            close(
                    "param after " + steps + " steps",
                    w,
                    c.getAsJsonObject("expected").getAsJsonObject("param"));
        }
    }

    /** The case's optimizer with its settings; AdamW's betas and epsilon must be SphereCLR's. */
    private static Optimizer optimizer(NDManager m, JsonObject c) {
        JsonObject p = c.getAsJsonObject("params");
        double wd = p.get("weight_decay").getAsDouble();
        return switch (c.get("optimizer").getAsString()) {
            case "lars" ->
                    new Lars(
                            m,
                            p.get("momentum").getAsDouble(),
                            wd,
                            p.get("trust_coefficient").getAsDouble());
            case "sgd" -> new Sgd(m, p.get("momentum").getAsDouble(), wd);
            case "adamw" -> {
                assertEquals(0.9, p.get("beta1").getAsDouble());
                assertEquals(0.999, p.get("beta2").getAsDouble());
                assertEquals(1e-8, p.get("epsilon").getAsDouble());
                yield new AdamW(m, wd);
            }
            default -> throw new AssertionError("unknown optimizer " + c.get("optimizer"));
        };
    }

    private static void close(String what, NDArray got, JsonObject want) {
        double[] g = got.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] w = Golden.data(want);
        for (int i = 0; i < w.length; i++) {
            double rel = Math.abs(g[i] - w[i]) / Math.max(Math.abs(w[i]), 1e-12);
            assertTrue(
                    rel < 1e-6 || Math.abs(g[i] - w[i]) < 1e-9,
                    what + "[" + i + "]: got " + g[i] + ", want " + w[i]);
        }
    }
}

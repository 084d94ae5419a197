package dev.sphereclr.pretrain.optim;

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

/** Every case of {@code optim.json}: one LARS step from a given parameter, gradient and buffer. */
class GoldenOptimTest {

    @TestFactory
    Stream<DynamicTest> everyLarsStepMatches() throws IOException {
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
        JsonObject p = c.getAsJsonObject("params");
        JsonObject in = c.getAsJsonObject("inputs");
        JsonObject expected = c.getAsJsonObject("expected");
        assertTrue("lars".equals(c.get("optimizer").getAsString()), "only LARS cases are known");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = array(m, in.getAsJsonObject("param"));
            NDArray g = array(m, in.getAsJsonObject("grad"));
            NDArray[] slots = {array(m, in.getAsJsonObject("momentum_buffer"))};
            try (Lars lars =
                    new Lars(
                            m,
                            p.get("momentum").getAsDouble(),
                            p.get("weight_decay").getAsDouble(),
                            p.get("trust_coefficient").getAsDouble())) {
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

package dev.sphereclr.pretrain.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.sphereclr.golden.Golden;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code nt_xent}, {@code sec} and {@code info_nce} golden case of {@code losses.json} and
 * every case of {@code metric_losses.json} (SupCon; every triplet, semi-hard triplet, N-pair and
 * multi-similarity, as the SEC authors train them) (see {@code Golden}): values and gradients
 * against PyTorch autograd, in float64 (relative error below 1e-4) and in float32 (below 1e-3).
 */
class GoldenLossTest {

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesAutograd() throws IOException {
        return Stream.concat(
                        Golden.cases("losses").stream(), Golden.cases("metric_losses").stream())
                .flatMap(
                        c ->
                                Stream.of(true, false)
                                        .map(
                                                f64 ->
                                                        DynamicTest.dynamicTest(
                                                                c.get("name").getAsString()
                                                                        + (f64
                                                                                ? " float64"
                                                                                : " float32"),
                                                                () -> check(c, f64))));
    }

    private static NDArray array(NDManager m, JsonObject a, boolean f64) {
        int[] s = Golden.shape(a);
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = s[i];
        }
        NDArray x = m.create(Golden.data(a), new Shape(shape));
        return f64 ? x : x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    }

    private static void check(JsonObject c, boolean f64) {
        double tolerance = f64 ? 1e-4 : 1e-3;
        JsonObject in = c.getAsJsonObject("inputs");
        JsonObject params = c.getAsJsonObject("params");
        JsonObject expected = c.getAsJsonObject("expected");
        String kind = c.get("loss").getAsString();
        try (NDManager m = NDManager.newBaseManager()) {
            switch (kind) {
                case "nt_xent" -> {
                    NDArray z1 = array(m, in.getAsJsonObject("z1"), f64);
                    NDArray z2 = array(m, in.getAsJsonObject("z2"), f64);
                    z1.setRequiresGradient(true);
                    z2.setRequiresGradient(true);
                    NtXentLoss loss = new NtXentLoss(params.get("temperature").getAsDouble());
                    NDArray value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        value = loss.compute(z1, z2);
                        gc.backward(value);
                    }
                    close(
                            "loss",
                            value.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble(),
                            expected.get("loss").getAsDouble(),
                            tolerance);
                    close(
                            "grad_z1",
                            z1.getGradient(),
                            expected.getAsJsonObject("grad_z1"),
                            tolerance);
                    close(
                            "grad_z2",
                            z2.getGradient(),
                            expected.getAsJsonObject("grad_z2"),
                            tolerance);
                }
                case "sec" -> {
                    NDArray f = array(m, in.getAsJsonObject("f"), f64);
                    f.setRequiresGradient(true);
                    double momentum = params.get("norm_momentum").getAsDouble();
                    SphericalEmbeddingConstraint sec =
                            new SphericalEmbeddingConstraint(
                                    SphericalEmbeddingConstraint.Target.MEAN, momentum);
                    if (params.has("previous_mu") && !params.get("previous_mu").isJsonNull()) {
                        sec.restore(params.get("previous_mu").getAsDouble());
                    }
                    SphericalEmbeddingConstraint.Result r;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        r = sec.compute(f);
                        gc.backward(r.loss());
                    }
                    close(
                            "loss",
                            r.loss()
                                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                                    .getDouble(),
                            expected.get("loss").getAsDouble(),
                            tolerance);
                    for (Map.Entry<String, NDArray> e :
                            Map.of(
                                            "mu",
                                            r.mu(),
                                            "norm_mean",
                                            r.normMean(),
                                            "norm_var",
                                            r.normVariance())
                                    .entrySet()) {
                        close(
                                e.getKey(),
                                e.getValue()
                                        .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                                        .getDouble(),
                                expected.get(e.getKey()).getAsDouble(),
                                tolerance);
                    }
                    close("grad_f", f.getGradient(), expected.getAsJsonObject("grad_f"), tolerance);
                }
                case "info_nce" -> {
                    NDArray q = array(m, in.getAsJsonObject("q"), f64);
                    NDArray k = array(m, in.getAsJsonObject("k"), f64);
                    NDArray queue = array(m, in.getAsJsonObject("queue"), f64);
                    q.setRequiresGradient(true);
                    InfoNceLoss loss = new InfoNceLoss(params.get("temperature").getAsDouble());
                    NDArray value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        value = loss.compute(q, k, queue);
                        gc.backward(value);
                    }
                    close(
                            "loss",
                            value.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble(),
                            expected.get("loss").getAsDouble(),
                            tolerance);
                    close("grad_q", q.getGradient(), expected.getAsJsonObject("grad_q"), tolerance);
                }
                case "supcon", "triplet", "semihard_triplet", "npair", "multi_similarity" -> {
                    NDArray z = array(m, in.getAsJsonObject("z"), f64);
                    z.setRequiresGradient(true);
                    int[] labels = Golden.ints(in.getAsJsonArray("labels"));
                    NDArray value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        value = labelled(kind, params, z, labels);
                        gc.backward(value);
                    }
                    close(
                            "loss",
                            value.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble(),
                            expected.get("loss").getAsDouble(),
                            tolerance);
                    close("grad_z", z.getGradient(), expected.getAsJsonObject("grad_z"), tolerance);
                }
                default -> throw new AssertionError("unknown loss kind " + kind);
            }
        }
    }

    /** The loss over labelled embeddings {@code kind} names. */
    private static NDArray labelled(String kind, JsonObject params, NDArray z, int[] labels) {
        return switch (kind) {
            case "supcon" ->
                    new SupConLoss(
                                    params.get("temperature").getAsDouble(),
                                    params.get("base_temperature").getAsDouble())
                            .compute(z, labels);
            case "triplet" ->
                    new TripletLoss(params.get("margin").getAsDouble()).compute(z, labels);
            case "semihard_triplet" ->
                    new TripletSemihardLoss(params.get("margin").getAsDouble()).compute(z, labels);
            case "npair" -> new NPairLoss().compute(z, labels);
            default -> new MultiSimilarityLoss().compute(z, labels);
        };
    }

    private static void close(String what, double got, double want, double tolerance) {
        double rel = Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);
        assertTrue(
                rel < tolerance,
                what + ": got " + got + ", want " + want + " (relative error " + rel + ")");
    }

    private static void close(String what, NDArray got, JsonObject want, double tolerance) {
        double[] g = got.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        double[] w = Golden.data(want);
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < w.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(g[i] - w[i]));
            maxRef = Math.max(maxRef, Math.abs(w[i]));
        }
        double rel = maxDiff / Math.max(maxRef, 1e-12);
        assertTrue(
                rel < tolerance,
                what + ": relative error " + rel + " (max |diff| " + maxDiff + ")");
    }
}

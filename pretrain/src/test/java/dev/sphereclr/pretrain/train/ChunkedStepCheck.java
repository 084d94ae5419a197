package dev.sphereclr.pretrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.pretrain.loss.MultiSimilarityLoss;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.loss.TripletLoss;
import dev.sphereclr.pretrain.method.ContrastiveMethod;
import dev.sphereclr.pretrain.method.MetricLearning;
import dev.sphereclr.pretrain.method.MoCoV2;
import dev.sphereclr.pretrain.method.Objective;
import dev.sphereclr.pretrain.method.SimClr;
import dev.sphereclr.pretrain.method.SupCon;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.optim.Lars;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import dev.sphereclr.pretrain.optim.WeightSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether the chunked step computes, on a device and in a number format, what it stands for: the
 * reference runs every chunk forward with gradients, gathers the projections and takes one loss and
 * one backward over the whole batch. A small ResNet-18 (width 0.25, 16 px, batch 8) with the SEC
 * takes a few LARS steps both ways, from the same start and on the same views; the result is the
 * largest relative difference of the loss, of any parameter's gradient, of the batch-norm running
 * statistics and of the parameters after the steps. The tests ask for under 1e-10 in FLOAT64;
 * {@code bench gpu-check} runs it in float32 on a GPU.
 */
public final class ChunkedStepCheck {

    private static final int BATCH = 8;
    private static final int SIDE = 16;

    /** The classes of the batch's images, for SupCon: three classes, repeated. */
    private static final int[] LABELS = {0, 1, 2, 0, 1, 2, 0, 1};

    /** What is checked: the method, the head, the chunk, replicas of the chunked side, steps. */
    public record Case(
            String method, boolean headBatchNorm, int chunk, int views, int replicas, int steps) {}

    /** The largest relative differences, chunked against the reference (NaN: not compared). */
    public record Result(double loss, double gradients, double statistics, double parameters) {

        /** The largest of them. */
        public double worst() {
            double w = 0;
            for (double d : new double[] {loss, gradients, statistics, parameters}) {
                w = Double.isNaN(d) ? w : Math.max(w, d);
            }
            return w;
        }
    }

    private record Side(SslModel model, Objective objective, ParameterStore store, Lars lars) {}

    private ChunkedStepCheck() {}

    /** Runs {@code c} on {@code device} in {@code type}. */
    public static Result run(Case c, Device device, DataType type) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            ModelSpec spec =
                    new ModelSpec(
                            "resnet18",
                            Stem.CIFAR,
                            0.25,
                            false,
                            2,
                            32,
                            16,
                            c.headBatchNorm(),
                            SIDE);
            Side chunked = side(m, spec, c, type);
            Side reference = side(m, spec, c, type);
            List<Device> others = Collections.nCopies(c.replicas() - 1, device);
            try (Replicas replicas = new Replicas(chunked.model(), chunked.store(), spec, others)) {
                double loss = 0;
                double gradients = 0;
                double statistics = Double.NaN;
                for (int step = 0; step < c.steps(); step++) {
                    NDList views = views(m, step, c.views(), type);
                    for (Side s : List.of(chunked, reference)) {
                        s.objective().method().useLabels(LABELS);
                    }
                    GradientCache cache =
                            new GradientCache(chunked.objective(), replicas, c.chunk());
                    double a;
                    try (NDManager scope = m.newSubManager()) {
                        a = doubles(cache.loss(views, step, 0.5, scope).total())[0];
                        cache.backward(scope);
                    }
                    replicas.sumGradients();
                    double b = reference(reference, views, c.chunk(), step);
                    loss = Math.max(loss, Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
                    gradients = Math.max(gradients, gradients(chunked.model(), reference.model()));
                    for (Side s : List.of(chunked, reference)) {
                        s.lars().step(TrainableParameter.of(s.model()), 0.5);
                        s.objective().afterStep(step, 0.5);
                    }
                    replicas.broadcast();
                    views.close();
                }
                if (c.replicas() == 1) {
                    statistics = difference(chunked.model(), reference.model(), false);
                }
                double parameters = difference(chunked.model(), reference.model(), true);
                return new Result(loss, gradients, statistics, parameters);
            } finally {
                chunked.objective().close();
                reference.objective().close();
                chunked.lars().close();
                reference.lars().close();
            }
        }
    }

    private static Side side(NDManager m, ModelSpec spec, Case c, DataType type) {
        Engine.getInstance().setRandomSeed(11);
        SslModel model = spec.build(m, type);
        ContrastiveMethod method =
                c.method().equals("mocov2")
                        ? new MoCoV2(
                                model,
                                spec,
                                m,
                                new MoCoV2.Settings(0.2, 16, 0.99, false, true, 2, 7))
                        : switch (c.method()) {
                            case "supcon" -> new SupCon(model, 0.5);
                            case "triplet" ->
                                    new MetricLearning(
                                            model, "triplet", new TripletLoss(1)::compute);
                            case "multi_similarity" ->
                                    new MetricLearning(
                                            model, "ms", new MultiSimilarityLoss()::compute);
                            default -> new SimClr(model, 0.5);
                        };
        Objective objective =
                new Objective(
                        method,
                        List.of(
                                new Objective.Term(
                                        new SphericalEmbeddingConstraint(
                                                SphericalEmbeddingConstraint.Target.MEAN, 1.0),
                                        new WeightSchedule(0.1, false))));
        return new Side(
                model, objective, new ParameterStore(m, false), new Lars(m, 0.9, 1e-4, 0.01));
    }

    private static NDList views(NDManager m, int step, int count, DataType type) {
        Engine.getInstance().setRandomSeed(100 + step);
        NDList views = new NDList();
        for (int v = 0; v < count; v++) {
            int s = v < 2 ? SIDE : SIDE / 2;
            views.add(m.randomNormal(0, 1, new Shape(BATCH, 3, s, s), type));
        }
        return views;
    }

    /** Every chunk forward with gradients, the projections gathered, one loss, one backward. */
    private static double reference(Side s, NDList views, int chunk, long step) {
        ContrastiveMethod method = s.objective().method();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<NDArray> outputs = new ArrayList<>();
            for (int k = 0; k < BATCH / chunk; k++) {
                NDList part = new NDList();
                for (NDArray view : views) {
                    part.add(view.get(new NDIndex(k * chunk + ":" + (k + 1) * chunk)));
                }
                outputs.add(method.project(s.model(), s.store(), part));
            }
            long groups = outputs.get(0).getShape().get(0) / chunk;
            NDList rows = new NDList();
            for (int g = 0; g < groups; g++) {
                for (NDArray z : outputs) {
                    rows.add(z.get(new NDIndex(g * chunk + ":" + (g + 1) * chunk)));
                }
            }
            var parts = s.objective().loss(NDArrays.concat(rows, 0), views, step, 0.5);
            collector.backward(parts.total());
            return doubles(parts.total())[0];
        }
    }

    private static double gradients(SslModel a, SslModel b) {
        List<Parameter> pa = a.getParameters().values();
        List<Parameter> pb = b.getParameters().values();
        double worst = 0;
        for (int i = 0; i < pa.size(); i++) {
            if (pa.get(i).requiresGradient()) {
                try (NDArray ga = pa.get(i).getArray().getGradient();
                        NDArray gb = pb.get(i).getArray().getGradient()) {
                    worst = Math.max(worst, relative(doubles(ga), doubles(gb)));
                }
            }
        }
        return worst;
    }

    /** The parameters' ({@code trainable}) or the running statistics' largest difference. */
    private static double difference(SslModel a, SslModel b, boolean trainable) {
        List<Parameter> pa = a.getParameters().values();
        List<Parameter> pb = b.getParameters().values();
        double worst = 0;
        for (int i = 0; i < pa.size(); i++) {
            if (pa.get(i).requiresGradient() == trainable) {
                worst =
                        Math.max(
                                worst,
                                relative(
                                        doubles(pa.get(i).getArray()),
                                        doubles(pb.get(i).getArray())));
            }
        }
        return worst;
    }

    private static double[] doubles(NDArray a) {
        try (NDArray wide = a.toType(DataType.FLOAT64, true)) {
            return wide.toDoubleArray();
        }
    }

    private static double relative(double[] a, double[] b) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < b.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }
}

package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.method.ContrastiveMethod;
import dev.sphereclr.pretrain.method.LossParts;
import dev.sphereclr.pretrain.method.MoCoV2;
import dev.sphereclr.pretrain.method.Objective;
import dev.sphereclr.pretrain.method.SimClr;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.nn.Stem;
import dev.sphereclr.pretrain.optim.Lars;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import dev.sphereclr.pretrain.optim.WeightSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The chunked step is exact: in FLOAT64 its loss, every parameter's gradient and the batch-norm
 * running statistics equal those of the reference, which runs every chunk forward with gradients,
 * gathers the projections and takes one loss and one backward over the whole batch.
 */
class GradientCacheTest {

    private static final int BATCH = 8;
    private static final double TOLERANCE = 1e-10;

    /** A method over a model, with the SEC, in FLOAT64. */
    private record Side(SslModel model, Objective objective, ParameterStore store) {
        List<TrainableParameter> params() {
            return TrainableParameter.of(model);
        }
    }

    private static ModelSpec spec(boolean headBatchNorm) {
        return new ModelSpec("resnet18", Stem.CIFAR, 0.25, false, 2, 32, 16, headBatchNorm, 16);
    }

    private static Side side(
            NDManager m,
            ModelSpec spec,
            BiFunction<SslModel, NDManager, ContrastiveMethod> method) {
        Engine.getInstance().setRandomSeed(11);
        SslModel model = spec.build(m, DataType.FLOAT64);
        Objective objective =
                new Objective(
                        method.apply(model, m),
                        List.of(
                                new Objective.Term(
                                        new SphericalEmbeddingConstraint(
                                                SphericalEmbeddingConstraint.Target.MEAN, 1.0),
                                        new WeightSchedule(0.1, false))));
        return new Side(model, objective, new ParameterStore(m, false));
    }

    private static NDList views(NDManager m, int step, int count, int side) {
        Engine.getInstance().setRandomSeed(100 + step);
        NDList views = new NDList();
        for (int v = 0; v < count; v++) {
            int s = v < 2 ? side : side / 2;
            views.add(m.randomNormal(0, 1, new Shape(BATCH, 3, s, s), DataType.FLOAT64));
        }
        return views;
    }

    /** The chunked step's loss; the gradients are left in the parameters. */
    private static double chunked(Side s, NDList views, int chunk, long step, NDManager m) {
        GradientCache cache = new GradientCache(s.objective(), chunk);
        LossParts parts = cache.loss(s.store(), views, step, 0.5, m);
        double loss = parts.total().getDouble();
        cache.backward(s.store(), m);
        return loss;
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
                outputs.add(method.project(s.store(), part));
            }
            long groups = outputs.get(0).getShape().get(0) / chunk;
            NDList rows = new NDList();
            for (int g = 0; g < groups; g++) {
                for (NDArray z : outputs) {
                    rows.add(z.get(new NDIndex(g * chunk + ":" + (g + 1) * chunk)));
                }
            }
            LossParts parts = s.objective().loss(NDArrays.concat(rows, 0), views, step, 0.5);
            collector.backward(parts.total());
            return parts.total().getDouble();
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(
                diff <= TOLERANCE * Math.max(scale, 1e-300),
                what + ": largest difference " + diff + " against a scale of " + scale);
    }

    private static void assertSameGradientsAndStatistics(Side chunked, Side reference) {
        List<Parameter> a = chunked.model().getParameters().values();
        List<Parameter> b = reference.model().getParameters().values();
        int compared = 0;
        for (int i = 0; i < a.size(); i++) {
            Parameter p = a.get(i);
            if (p.requiresGradient()) {
                try (NDArray ga = p.getArray().getGradient();
                        NDArray gb = b.get(i).getArray().getGradient()) {
                    assertTrue(gb.abs().sum().getDouble() > 0, p.getName() + " has a gradient");
                    assertClose(gb.toDoubleArray(), ga.toDoubleArray(), "gradient " + p.getName());
                }
            } else {
                assertClose(
                        b.get(i).getArray().toDoubleArray(),
                        p.getArray().toDoubleArray(),
                        "statistics " + p.getName());
            }
            compared++;
        }
        assertTrue(compared > 60, "parameters compared: " + compared);
    }

    private static void simclrStep(boolean headBatchNorm, int chunk, int views) {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelSpec spec = spec(headBatchNorm);
            Side a = side(m, spec, (model, mm) -> new SimClr(model, 0.5));
            Side b = side(m, spec, (model, mm) -> new SimClr(model, 0.5));
            NDList batch = views(m, 0, views, 16);
            double loss = chunked(a, batch, chunk, 0, m);
            double expected = reference(b, batch, chunk, 0);
            assertClose(new double[] {expected}, new double[] {loss}, "loss");
            a.objective().afterStep(0, 0.5);
            b.objective().afterStep(0, 0.5);
            assertSameGradientsAndStatistics(a, b);
        }
    }

    @Test
    void simclrWithTheSecGivesTheReferencesLossGradientsAndStatisticsWithTheHeadsBatchNorm() {
        simclrStep(true, 2, 2);
    }

    @Test
    void simclrWithTheSecGivesTheReferencesLossGradientsAndStatisticsWithoutIt() {
        simclrStep(false, 4, 2);
    }

    @Test
    void multiCropGivesTheReferencesLossGradientsAndStatistics() {
        simclrStep(true, 4, 4);
    }

    @Test
    void mocoV2sQueriesGiveTheReferencesLossAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelSpec spec = spec(false);
            MoCoV2.Settings settings = new MoCoV2.Settings(0.2, 16, 0.99, false, true, 2, 7);
            BiFunction<SslModel, NDManager, ContrastiveMethod> moco =
                    (model, mm) -> {
                        Engine.getInstance().setRandomSeed(12);
                        return new MoCoV2(model, spec, mm, settings);
                    };
            Side a = side(m, spec, moco);
            Side b = side(m, spec, moco);
            for (int step = 0; step < 2; step++) {
                NDList batch = views(m, step, 2, 16);
                double loss = chunked(a, batch, 4, step, m);
                double expected = reference(b, batch, 4, step);
                assertClose(new double[] {expected}, new double[] {loss}, "loss");
                assertSameGradientsAndStatistics(a, b);
                zeroGradients(a);
                zeroGradients(b);
                a.objective().afterStep(step, 0.5);
                b.objective().afterStep(step, 0.5);
            }
        }
    }

    @Test
    void afterFiveLarsStepsTheParametersAreTheReferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelSpec spec = spec(true);
            Side a = side(m, spec, (model, mm) -> new SimClr(model, 0.5));
            Side b = side(m, spec, (model, mm) -> new SimClr(model, 0.5));
            Lars la = new Lars(m, 0.9, 1e-4, 0.01);
            Lars lb = new Lars(m, 0.9, 1e-4, 0.01);
            for (int step = 0; step < 5; step++) {
                NDList batch = views(m, step, 2, 16);
                chunked(a, batch, 2, step, m);
                reference(b, batch, 2, step);
                la.step(a.params(), 0.5);
                lb.step(b.params(), 0.5);
                a.objective().afterStep(step, 0.5);
                b.objective().afterStep(step, 0.5);
            }
            List<Parameter> pa = a.model().getParameters().values();
            List<Parameter> pb = b.model().getParameters().values();
            for (int i = 0; i < pa.size(); i++) {
                assertClose(
                        pb.get(i).getArray().toDoubleArray(),
                        pa.get(i).getArray().toDoubleArray(),
                        "after 5 steps " + pa.get(i).getName());
            }
        }
    }

    private static void zeroGradients(Side s) {
        for (TrainableParameter p : s.params()) {
            try (NDArray g = p.array().getGradient()) {
                g.subi(g);
            }
        }
    }
}

package dev.sphereclr.pretrain.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.pretrain.loss.Regularizer;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.optim.WeightSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The objective adds any regularizer to any method: a toy one, which no method knows, joins SimCLR
 * with its weight schedule, is named in the parts and reaches the gradients.
 */
class ObjectiveTest {

    /** A toy: the mean squared entry of the projections. */
    private static final class MeanSquare implements Regularizer {
        @Override
        public String name() {
            return "toy";
        }

        @Override
        public NDArray penalty(NDArray projections) {
            return projections.square().mean();
        }
    }

    @Test
    void aToyRegularizerJoinsTheMethodsLossWithItsWeightAndName() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            SslModel model =
                    new ModelSpec("resnet18", Stem.CIFAR, 0.25, false, 2, 32, 16, true, 16)
                            .build(m);
            ParameterStore store = new ParameterStore(m, false);
            NDList views =
                    new NDList(
                            m.randomNormal(new Shape(4, 3, 16, 16)),
                            m.randomNormal(new Shape(4, 3, 16, 16)));
            SimClr simclr = new SimClr(model, 0.5);
            try (Objective objective =
                    new Objective(
                            simclr,
                            List.of(
                                    new Objective.Term(
                                            new MeanSquare(), new WeightSchedule(0.5, true))))) {
                LossParts.Values values;
                NDArray weight = model.getParameters().valueAt(0).getArray();
                double gradientWithToy;
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    LossParts parts = objective.forward(store, views, 0, 0.5); // ramp: 0.25
                    values = parts.read();
                    assertEquals(
                            values.contrastive() + 0.25 * values.penalty("toy"),
                            parts.total()
                                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                                    .getDouble(),
                            1e-5);
                    c.backward(parts.total());
                    gradientWithToy = weight.getGradient().abs().sum().getFloat();
                }
                assertEquals(List.of("toy"), List.copyOf(values.penalties().keySet()));
                assertEquals(0.25, values.weight("toy"), 1e-12);
                assertTrue(values.penalty("toy") > 0);
                assertEquals(
                        values.contrastive() + 0.25 * values.penalty("toy"), values.total(), 1e-9);
                assertTrue(values.normVariance() >= 0 && values.normMean() > 0);
                // At progress 0 the ramped weight is 0: evaluated and reported, not added.
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    weight.getGradient().subi(weight.getGradient()); // the collector does not zero
                    LossParts parts = objective.forward(store, views, 1, 0);
                    LossParts.Values atZero = parts.read();
                    assertEquals(0, atZero.weight("toy"));
                    assertEquals(atZero.contrastive(), atZero.total(), 0);
                    c.backward(parts.total());
                    assertTrue(
                            weight.getGradient().abs().sum().getFloat() != gradientWithToy,
                            "the toy's term reached the gradients");
                }
            }
        }
    }
}

package dev.sphereclr.pretrain.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    /** Minimizes ||w - 3||^2 and returns the final w. */
    private static float minimize(Optimizer.Kind kind, int steps, double lr) {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setShape(new Shape(2, 2));
            p.setInitializer(ai.djl.training.initializer.Initializer.ONES);
            p.initialize(m, DataType.FLOAT32);
            p.getArray().subi(p.getArray()).addi(1f);
            List<TrainableParameter> params = List.of(new TrainableParameter("w", p, false));
            try (Optimizer opt =
                    switch (kind) {
                        case LARS -> new Lars(m, 0.9, 0, 1.0);
                        case SGD -> new Sgd(m, 0.9, 0);
                        case ADAMW -> new AdamW(m, 0);
                    }) {
                for (int i = 0; i < steps; i++) {
                    try (NDManager step = m.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        step.tempAttachAll(p.getArray());
                        NDArray loss = p.getArray().sub(3f).square().sum();
                        gc.backward(loss);
                    }
                    opt.step(params, lr);
                }
            }
            return p.getArray().mean().getFloat();
        }
    }

    @Test
    void everyOptimizerFindsTheMinimumOfAQuadratic() {
        assertEquals(3f, minimize(Optimizer.Kind.SGD, 200, 0.05), 1e-2);
        assertEquals(3f, minimize(Optimizer.Kind.ADAMW, 400, 0.05), 5e-2);
        // LARS steps have a length proportional to ||w||, so without decay it circles the minimum.
        assertEquals(3f, minimize(Optimizer.Kind.LARS, 300, 0.05), 0.25);
    }

    @Test
    void stateRoundTripsThroughSaveAndLoad() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setShape(new Shape(3));
            p.setInitializer(ai.djl.training.initializer.Initializer.ONES);
            p.initialize(m, DataType.FLOAT32);
            List<TrainableParameter> params = List.of(new TrainableParameter("w", p, false));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (Sgd sgd = new Sgd(m, 0.9, 0)) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(p.getArray().mul(2f).sum());
                }
                sgd.step(params, 0.1);
                sgd.save(bytes);
            }
            try (Sgd restored = new Sgd(m, 0.9, 0)) {
                restored.load(new ByteArrayInputStream(bytes.toByteArray()), params);
                assertEquals(1, restored.steps());
                Parameter other =
                        Parameter.builder().setName("x").setType(Parameter.Type.WEIGHT).build();
                other.setShape(new Shape(4));
                other.setInitializer(ai.djl.training.initializer.Initializer.ONES);
                other.initialize(m, DataType.FLOAT32);
                IOException e =
                        assertThrows(
                                IOException.class,
                                () ->
                                        restored.load(
                                                new ByteArrayInputStream(bytes.toByteArray()),
                                                List.of(
                                                        new TrainableParameter(
                                                                "x", other, false))));
                assertTrue(e.getMessage().contains("shape"), e.getMessage());
            }
        }
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysAsACosine() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 0.0, 10, 110);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.5, s.at(60), 1e-12);
        assertEquals(0.0, s.at(110), 1e-12);
        assertEquals(0.3 * 2, LearningRateSchedule.Scaling.LINEAR.apply(0.3, 512), 1e-12);
        assertEquals(0.075 * 16, LearningRateSchedule.Scaling.SQRT.apply(0.075, 256), 1e-12);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> new LearningRateSchedule(1, 0, 5, 5));
        assertTrue(e.getMessage().contains("warm-up"), e.getMessage());
    }

    @Test
    void theTimeScheduleWarmsUpOverItsFractionThenDecaysToTheFinalRateAtTheBudget() {
        LearningRateSchedule s = new LearningRateSchedule(2.0, 0.0, 0, 1);
        assertEquals(0.0, s.atFraction(0, 0.1), 1e-12);
        assertEquals(1.0, s.atFraction(0.05, 0.1), 1e-12);
        assertEquals(2.0, s.atFraction(0.1, 0.1), 1e-12);
        assertEquals(1.0, s.atFraction(0.55, 0.1), 1e-12);
        assertEquals(0.0, s.atFraction(1.0, 0.1), 1e-12);
        assertEquals(0.0, s.atFraction(1.5, 0.1), 1e-12);
        assertEquals(2.0, s.atFraction(0, 0), 1e-12);
    }
}

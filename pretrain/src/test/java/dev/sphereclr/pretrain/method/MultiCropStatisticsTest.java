package dev.sphereclr.pretrain.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multi-crop's small views train the network but leave its running statistics to the global views.
 */
class MultiCropStatisticsTest {

    private static List<float[]> statistics(SslModel model) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR) {
                out.add(p.getArray().toFloatArray());
            }
        }
        return out;
    }

    private static void restore(SslModel model, List<float[]> values) {
        int i = 0;
        for (Parameter p : model.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR) {
                p.getArray().set(values.get(i++));
            }
        }
    }

    @Test
    void theRunningStatisticsAreThoseOfTheGlobalViewsAlone() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            SslModel model =
                    new ModelSpec("resnet18", Stem.CIFAR, 0.25, false, 2, 32, 16, true, 16)
                            .build(m);
            ParameterStore store = new ParameterStore(m, false);
            NDArray g1 = m.randomNormal(new Shape(4, 3, 16, 16));
            NDArray g2 = m.randomNormal(new Shape(4, 3, 16, 16));
            NDArray s1 = m.randomNormal(new Shape(4, 3, 8, 8)).mul(3);
            NDArray s2 = m.randomNormal(new Shape(4, 3, 8, 8)).mul(3);
            List<float[]> before = statistics(model);

            model.forward(store, new NDList(NDArrays.concat(new NDList(g1, g2), 0)), true);
            List<float[]> globalOnly = statistics(model);
            restore(model, before);

            SimClr simclr = new SimClr(model, 0.5);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(simclr.forward(store, new NDList(g1, g2, s1, s2), 0).loss());
            }
            simclr.afterStep(0, 0);
            List<float[]> multiCrop = statistics(model);
            assertFalse(Arrays.equals(before.get(0), globalOnly.get(0)), "the forward moved them");
            for (int i = 0; i < globalOnly.size(); i++) {
                assertArrayEquals(globalOnly.get(i), multiCrop.get(i), 1e-6f, "statistic " + i);
            }
        }
    }
}

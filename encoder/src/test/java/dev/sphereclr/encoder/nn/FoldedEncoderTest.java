package dev.sphereclr.encoder.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class FoldedEncoderTest {

    static void check(ResNet net, int side) {
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, side, side));
            // Batch-norm statistics and affine parameters away from their initial 0/1 values.
            for (var pair : net.block().getParameters()) {
                NDArray a = pair.getValue().getArray();
                String name = pair.getKey();
                if (name.endsWith("runningMean") || name.endsWith("beta")) {
                    a.subi(a).addi(m.randomNormal(0, 0.2f, a.getShape(), DataType.FLOAT32));
                } else if (name.endsWith("runningVar") || name.endsWith("gamma")) {
                    a.subi(a).addi(m.randomUniform(0.5f, 1.5f, a.getShape()));
                }
            }
            NDArray x = m.randomNormal(new Shape(3, side, side, 3)).transpose(0, 3, 1, 2);
            float[] expected =
                    net.block()
                            .forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();
            try (FoldedEncoder folded = new FoldedEncoder(net, m)) {
                float[] got = folded.forward(x).toFloatArray();
                assertEquals(expected.length, got.length);
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < got.length; i++) {
                    worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                    scale = Math.max(scale, Math.abs(expected[i]));
                }
                assertTrue(worst <= 1e-4 * scale, "max |diff| " + worst + " of max |h| " + scale);
            }
        }
    }

    @Test
    void foldedBasicBlocksMatchTheEncoderInInferenceMode() {
        check(ResNet.builder().optWidth(0.25).build(), 32);
    }

    @Test
    void foldedBottlenecksWithTheImageNetStemMatchToo() {
        check(ResNet.builder().setDepth(50).optStem(Stem.IMAGENET).optWidth(0.125).build(), 64);
    }
}

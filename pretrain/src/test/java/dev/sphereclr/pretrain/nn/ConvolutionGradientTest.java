package dev.sphereclr.pretrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's convolution gradients, in float32 and both batch layouts, against float64 (which
 * libtorch computes without oneDNN), for the shapes a ResNet at an allowed width has. On an AVX-512
 * AMD EPYC, libtorch 2.5.1 got them wrong (relative errors 0.2 to 0.9, varying between reruns with
 * two threads) for 4, 8, 12 and 24 channels, which is why {@code PretrainConfig} refuses widths
 * that give channel counts other than multiples of 16 on the CPU; this checks the ones it allows.
 */
class ConvolutionGradientTest {

    private static final int BATCH = 8;
    private static final int SIDE = 16;

    private static float[] uniform(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** {dL/dx, dL/dw} of {@code L = sum(conv(x, w) * r)}, as float64 values. */
    private static double[][] gradients(
            NDManager m,
            float[] x,
            float[] w,
            float[] r,
            int in,
            int out,
            int kernel,
            int stride,
            TensorLayout layout,
            DataType type) {
        NDArray input = images(m, x, in, layout).toType(type, false);
        NDArray weight = m.create(w, new Shape(out, in, kernel, kernel)).toType(type, false);
        input.setRequiresGradient(true);
        weight.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y =
                    Conv2d.conv2d(
                                    input,
                                    weight,
                                    null,
                                    new Shape(stride, stride),
                                    new Shape(kernel / 2, kernel / 2),
                                    new Shape(1, 1),
                                    1)
                            .singletonOrThrow();
            collector.backward(y.mul(m.create(r, y.getShape()).toType(type, false)).sum());
        }
        return new double[][] {
            input.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(),
            weight.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()
        };
    }

    /** Planar values as {@code BATCH x in x SIDE x SIDE} in {@code layout}. */
    private static NDArray images(NDManager m, float[] planar, int in, TensorLayout layout) {
        if (layout == TensorLayout.CHANNELS_FIRST) {
            return m.create(planar, new Shape(BATCH, in, SIDE, SIDE));
        }
        int plane = SIDE * SIDE;
        float[] interleaved = new float[planar.length];
        for (int b = 0; b < BATCH; b++) {
            for (int c = 0; c < in; c++) {
                for (int p = 0; p < plane; p++) {
                    interleaved[(b * plane + p) * in + c] = planar[(b * in + c) * plane + p];
                }
            }
        }
        return m.create(interleaved, new Shape(BATCH, SIDE, SIDE, in)).transpose(0, 3, 1, 2);
    }

    private static double relativeError(double[] got, double[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < got.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }

    @ParameterizedTest(name = "{0} -> {1} channels, {2}x{2} stride {3}")
    @CsvSource({
        "3, 16, 3, 1", // the CIFAR stem at width 0.25
        "16, 16, 3, 1",
        "16, 32, 3, 2",
        "16, 32, 1, 2", // a shortcut projection
        "32, 32, 3, 1",
        "64, 64, 3, 1"
    })
    void float32GradientsMatchFloat64InBothLayouts(int in, int out, int kernel, int stride) {
        int side = (SIDE + 2 * (kernel / 2) - kernel) / stride + 1;
        float[] x = uniform(BATCH * in * SIDE * SIDE, 1);
        float[] w = uniform(out * in * kernel * kernel, 2);
        float[] r = uniform(BATCH * out * side * side, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] want =
                    gradients(
                            m,
                            x,
                            w,
                            r,
                            in,
                            out,
                            kernel,
                            stride,
                            TensorLayout.CHANNELS_FIRST,
                            DataType.FLOAT64);
            for (TensorLayout layout : TensorLayout.TRAINABLE) {
                double[][] got =
                        gradients(m, x, w, r, in, out, kernel, stride, layout, DataType.FLOAT32);
                double[][] again =
                        gradients(m, x, w, r, in, out, kernel, stride, layout, DataType.FLOAT32);
                String what = layout.id() + ", " + Engine.getInstance().getEngineName();
                assertTrue(relativeError(got[0], want[0]) < 1e-5, "dL/dx " + what);
                assertTrue(relativeError(got[1], want[1]) < 1e-5, "dL/dw " + what);
                assertArrayEquals(got[0], again[0], "dL/dx differs between reruns, " + what);
                assertArrayEquals(got[1], again[1], "dL/dw differs between reruns, " + what);
            }
        }
    }
}

package dev.sphereclr.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.math.Quantiles;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.nn.FoldedEncoder;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.util.SplittableRandom;

/**
 * Times the encoder's inference forward pass as feature extraction runs it (batch norms folded,
 * input in the faster layout) on random input.
 */
public final class EmbedBenchmark {

    private EmbedBenchmark() {}

    /** Images per second (the median over the timed batches) and the layout they were in. */
    public record Result(double rate, TensorLayout layout) {}

    /**
     * Median images per second over {@code steps} batches after {@code warmup}, on {@code device},
     * in {@code layout}, or in the faster one on this machine when it is null (as {@code
     * FrozenEncoder} chooses).
     */
    public static Result run(
            String arch,
            int size,
            int batch,
            int warmup,
            int steps,
            Device device,
            TensorLayout layout) {
        ResNet net =
                ResNet.builder()
                        .setArchitecture(arch)
                        .optStem(ImageScale.small(size) ? Stem.CIFAR : Stem.IMAGENET)
                        .build();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            net.block()
                    .getParameters()
                    .values()
                    .forEach(p -> p.getArray().setRequiresGradient(false));
            FoldedEncoder folded = new FoldedEncoder(net, manager);
            TensorLayout order =
                    layout != null
                            ? layout
                            : folded.fastestLayout(Math.min(batch, 32), size).layout();
            float[] planar = new float[batch * 3 * size * size];
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < planar.length; i++) {
                planar[i] = (float) random.nextDouble();
            }
            double[] rates = new double[steps];
            for (int i = 0; i < warmup + steps; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = order.create(scope, planar, batch, size);
                    long t0 = System.nanoTime();
                    folded.forward(x).toFloatArray();
                    if (i >= warmup) {
                        rates[i - warmup] = batch / ((System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            return new Result(Quantiles.median().compute(rates), order);
        }
    }
}

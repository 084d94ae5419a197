package dev.sphereclr.encoder.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained ResNet for inference only, each batch norm folded into the convolution before it (the
 * running statistics make batch norm an affine map per channel). Same outputs as the encoder in
 * inference mode up to rounding, without a pass over every activation per batch norm. Take a new
 * one after the encoder's parameters change.
 */
public final class FoldedEncoder implements Inference {

    private record Folded(NDArray weight, NDArray bias, Shape stride, Shape padding) {}

    private record Unit(List<Folded> residual, Folded shortcut) {}

    private final NDManager manager;
    private final Folded stem;
    private final boolean maxPool;
    private final List<Unit> units = new ArrayList<>();

    /** Folds the current parameters of an initialized {@code resnet}. */
    public FoldedEncoder(ResNet resnet, NDManager parent) {
        this.manager = parent.newSubManager();
        this.stem = fold(resnet.stemPair());
        this.maxPool = resnet.stem() == Stem.IMAGENET;
        for (ResidualBlock block : resnet.residualBlocks()) {
            List<Folded> residual = new ArrayList<>();
            for (ConvNorm pair : block.residualPairs()) {
                residual.add(fold(pair));
            }
            units.add(
                    new Unit(
                            residual,
                            block.shortcutPair() == null ? null : fold(block.shortcutPair())));
        }
    }

    private Folded fold(ConvNorm pair) {
        NDArray[] wb = pair.fold(manager);
        return new Folded(
                wb[0],
                wb[1],
                new Shape(pair.stride(), pair.stride()),
                new Shape(pair.padding(), pair.padding()));
    }

    private static NDArray conv(NDArray x, Folded f) {
        return Conv2d.conv2d(x, f.weight(), f.bias(), f.stride(), f.padding(), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /**
     * The layout in which this encoder embeds batches of {@code images} images of side {@code side}
     * faster on this machine, timed by inference passes (see {@link TensorLayout#fastest}).
     */
    public TensorLayout.Choice fastestLayout(int images, int side) {
        float[] planar = new float[images * 3 * side * side];
        Arrays.fill(planar, 0.5f);
        List<TensorLayout> candidates =
                OneDnnArrays.available(manager)
                        ? List.of(TensorLayout.values())
                        : TensorLayout.TRAINABLE;
        return TensorLayout.fastest(
                candidates,
                layout -> {
                    try (NDManager scope = manager.newSubManager()) {
                        forward(layout.create(scope, planar, images, side)).toFloatArray();
                    }
                },
                2);
    }

    /**
     * The representation of a batch {@code N x 3 x H x W}; intermediate arrays are released as soon
     * as they are used. A batch in oneDNN's blocked layout ({@link TensorLayout#ONEDNN_BLOCKED})
     * stays in it up to the features.
     *
     * @return {@code N x featureSize}, dense, in the manager of {@code x}
     */
    public NDArray forward(NDArray x) {
        NDArray h = conv(x, stem);
        h = relu(h);
        if (maxPool) {
            NDArray pooled =
                    Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
            h.close();
            h = pooled;
        }
        for (Unit unit : units) {
            NDArray out = h;
            List<Folded> residual = unit.residual();
            for (int i = 0; i < residual.size(); i++) {
                NDArray next = conv(out, residual.get(i));
                if (out != h) {
                    out.close();
                }
                out = i < residual.size() - 1 ? relu(next) : next;
            }
            NDArray shortcut = unit.shortcut() == null ? h : conv(h, unit.shortcut());
            NDArray sum = out.add(shortcut);
            out.close();
            if (shortcut != h) {
                shortcut.close();
            }
            h.close();
            h = relu(sum);
        }
        NDArray pooled = Pool.globalAvgPool2d(h);
        h.close();
        NDArray flat = pooled.reshape(pooled.getShape().get(0), -1);
        if (flat != pooled) {
            pooled.close();
        }
        NDArray out = OneDnnArrays.dense(flat);
        if (out != flat) {
            flat.close();
        }
        return out;
    }

    private static NDArray relu(NDArray x) {
        NDArray y = Activation.relu(x);
        x.close();
        return y;
    }

    @Override
    public void close() {
        manager.close();
    }
}

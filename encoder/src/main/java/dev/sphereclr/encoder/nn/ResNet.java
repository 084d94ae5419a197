package dev.sphereclr.encoder.nn;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import dev.sphereclr.encoder.settings.LegalRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ResNet-18, -34 and -50 encoders without their classification layer: input {@code N x 3 x H x W},
 * output the representation {@code h} of {@code N x featureSize}. Standard torchvision layout
 * (basic blocks for 18/34, bottlenecks for 50, stride on the 3x3), with the CIFAR or ImageNet stem
 * and channel widths multiplied by {@code width}. ResNet-18 with the CIFAR stem has 11,168,832
 * trainable parameters.
 */
public final class ResNet {

    /** Legal channel-width multipliers. */
    public static final String WIDTH = "(0, 4]";

    private final int depth;
    private final Stem stem;
    private final double width;
    private final boolean zeroInitResidual;
    private final List<ResidualBlock> residualBlocks = new ArrayList<>();
    private final ConvNorm stemPair;
    private final int[] stageCounts;
    private final SequentialBlock block;
    private final int featureSize;

    private ResNet(Builder b) {
        this.depth = b.depth;
        this.stem = b.stem;
        this.width = b.width;
        this.zeroInitResidual = b.zeroInitResidual;
        int[] counts =
                switch (depth) {
                    case 18 -> new int[] {2, 2, 2, 2};
                    case 34, 50 -> new int[] {3, 4, 6, 3};
                    default ->
                            throw new IllegalArgumentException(
                                    "ResNet depth must be 18, 34 or 50, got " + depth);
                };
        this.stageCounts = counts;
        boolean bottleneck = depth == 50;
        int base = channels(64);
        block = new ReleasingSequentialBlock();
        stemPair = stem == Stem.CIFAR ? ConvNorm.of(base, 3, 1) : ConvNorm.of(base, 7, 2);
        block.add(stemPair.conv()).add(stemPair.norm()).add(Activation::relu);
        if (stem == Stem.IMAGENET) {
            block.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        }
        int in = base;
        for (int stage = 0; stage < 4; stage++) {
            int planes = channels(64 << stage);
            for (int i = 0; i < counts[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                ResidualBlock unit =
                        bottleneck
                                ? ResidualBlock.bottleneck(in, planes, stride)
                                : ResidualBlock.basic(in, planes, stride);
                residualBlocks.add(unit);
                block.add(unit);
                in = bottleneck ? 4 * planes : planes;
            }
        }
        block.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        this.featureSize = in;
    }

    private int channels(int c) {
        return scaled(c, width);
    }

    private static int scaled(int c, double width) {
        return Math.max(1, (int) Math.round(c * width));
    }

    /**
     * The channel counts of the four stages' 3x3 convolutions at {@code width} (64, 128, 256, 512
     * at width 1; a bottleneck's 1x1 output is four times these).
     */
    public static int[] stageChannels(double width) {
        int[] c = new int[4];
        for (int stage = 0; stage < 4; stage++) {
            c[stage] = scaled(64 << stage, width);
        }
        return c;
    }

    /** A builder: ResNet-18, CIFAR stem, width 1 unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The DJL block; initialize it before use. */
    public Block block() {
        return block;
    }

    /** The stem's convolution and batch norm. */
    ConvNorm stemPair() {
        return stemPair;
    }

    /** How many residual units each of the four stages has. */
    int[] stageCounts() {
        return stageCounts.clone();
    }

    /** The residual units in order. */
    List<ResidualBlock> residualBlocks() {
        return residualBlocks;
    }

    /**
     * Initializes the block for {@code inputSize}-pixel images in {@code model}, which holds it.
     */
    public void initialize(Model model, int inputSize) {
        block.initialize(
                model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, inputSize, inputSize));
        model.setBlock(block);
    }

    /** Size of the representation h. */
    public int featureSize() {
        return featureSize;
    }

    /** The stem. */
    public Stem stem() {
        return stem;
    }

    /** The channel-width multiplier. */
    public double width() {
        return width;
    }

    /** The architecture's name, e.g. {@code resnet18}. */
    public String name() {
        return "resnet" + depth;
    }

    /** Applies the zero-init of residual scales if asked for; call after initialization. */
    public void afterInitialize() {
        if (zeroInitResidual) {
            residualBlocks.forEach(ResidualBlock::zeroInitLastNorm);
        }
    }

    /** Settings of a {@link ResNet}. */
    public static final class Builder {
        private int depth = 18;
        private Stem stem = Stem.CIFAR;
        private double width = 1.0;
        private boolean zeroInitResidual;

        private Builder() {}

        /** 18, 34 or 50. */
        public Builder setDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Parses {@code resnet18}, {@code resnet34} or {@code resnet50}. */
        public Builder setArchitecture(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!n.matches("resnet(18|34|50)")) {
                throw new IllegalArgumentException(
                        "architecture must be resnet18, resnet34 or resnet50, got '" + name + "'");
            }
            this.depth = Integer.parseInt(n.substring("resnet".length()));
            return this;
        }

        /** The stem (default CIFAR). */
        public Builder optStem(Stem stem) {
            this.stem = stem;
            return this;
        }

        /** Channel-width multiplier in {@link #WIDTH} (default 1). */
        public Builder optWidth(double width) {
            this.width = width;
            return this;
        }

        /** Zero the scale of each residual branch's last batch norm (default off). */
        public Builder optZeroInitResidual(boolean zero) {
            this.zeroInitResidual = zero;
            return this;
        }

        /** Validates and builds the block graph (not yet initialized). */
        public ResNet build() {
            LegalRange.of(WIDTH).check("width", width);
            return new ResNet(this);
        }
    }
}

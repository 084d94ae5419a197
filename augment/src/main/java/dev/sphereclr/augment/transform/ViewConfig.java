package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.image.ResizeCenterCrop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings of one view's pipeline: crop, flip, colour jitter, grayscale, blur, solarization,
 * normalization. Immutable; made by {@link #builder()} or a preset in {@link Presets}, changed with
 * {@link #toBuilder()}. A crop scale of {@code 0} means "no random crop": evaluation geometry
 * (resize the short side to {@code resize}, centre-crop {@code size}).
 */
public final class ViewConfig {

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;
    private final int resize;
    private final double flipP;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double jitterP;
    private final double grayscaleP;
    private final double blurP;
    private final int blurKernel;
    private final double blurSigmaMin;
    private final double blurSigmaMax;
    private final double solarizeP;
    private final double solarizeThreshold;
    private final float[] mean;
    private final float[] std;

    private ViewConfig(Builder b) {
        size = b.size;
        scaleMin = b.scaleMin;
        scaleMax = b.scaleMax;
        ratioMin = b.ratioMin;
        ratioMax = b.ratioMax;
        resize = b.resize;
        flipP = b.flipP;
        brightness = b.brightness;
        contrast = b.contrast;
        saturation = b.saturation;
        hue = b.hue;
        jitterP = b.jitterP;
        grayscaleP = b.grayscaleP;
        blurP = b.blurP;
        blurKernel = b.blurKernel;
        blurSigmaMin = b.blurSigmaMin;
        blurSigmaMax = b.blurSigmaMax;
        solarizeP = b.solarizeP;
        solarizeThreshold = b.solarizeThreshold;
        mean = b.mean.clone();
        std = b.std.clone();
    }

    /** A builder with SimCLR's CIFAR defaults and no augmentation beyond the crop and flip. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.size = size;
        b.scaleMin = scaleMin;
        b.scaleMax = scaleMax;
        b.ratioMin = ratioMin;
        b.ratioMax = ratioMax;
        b.resize = resize;
        b.flipP = flipP;
        b.brightness = brightness;
        b.contrast = contrast;
        b.saturation = saturation;
        b.hue = hue;
        b.jitterP = jitterP;
        b.grayscaleP = grayscaleP;
        b.blurP = blurP;
        b.blurKernel = blurKernel;
        b.blurSigmaMin = blurSigmaMin;
        b.blurSigmaMax = blurSigmaMax;
        b.solarizeP = solarizeP;
        b.solarizeThreshold = solarizeThreshold;
        b.mean = mean.clone();
        b.std = std.clone();
        return b;
    }

    /** Output side in pixels. */
    public int size() {
        return size;
    }

    /** Whether the view takes a random resized crop (training) rather than a centre crop. */
    public boolean randomCrop() {
        return scaleMin > 0;
    }

    /** The random operations of this view, as a recipe names them. */
    public Augmentation augmentation() {
        return new Augmentation(
                scaleMin,
                scaleMax,
                flipP,
                brightness,
                contrast,
                saturation,
                hue,
                jitterP,
                grayscaleP,
                blurP,
                blurSigmaMin,
                blurSigmaMax,
                solarizeP);
    }

    /** Per-channel normalization mean. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel normalization standard deviation. */
    public float[] std() {
        return std.clone();
    }

    /** Builds the pipeline these settings describe. */
    public ViewTransform build() {
        return new ViewTransform(this);
    }

    CropTransform crop() {
        return randomCrop()
                ? new RandomResizedCrop(size, scaleMin, scaleMax, ratioMin, ratioMax)
                : evalCrop(new ResizeCenterCrop(Math.max(resize, size), size));
    }

    private static CropTransform evalCrop(ResizeCenterCrop crop) {
        return (image, random) -> crop.apply(image);
    }

    ImageTransform[] steps() {
        List<ImageTransform> steps = new ArrayList<>();
        if (flipP > 0) {
            steps.add(new RandomHorizontalFlip(flipP));
        }
        if (jitterP > 0 && (brightness > 0 || contrast > 0 || saturation > 0 || hue > 0)) {
            steps.add(new ColorJitter(brightness, contrast, saturation, hue, jitterP));
        }
        if (grayscaleP > 0) {
            steps.add(new RandomGrayscale(grayscaleP));
        }
        if (blurP > 0) {
            int k = blurKernel > 0 ? blurKernel : GaussianBlur.kernelForSide(size);
            steps.add(new GaussianBlur(k, blurSigmaMin, blurSigmaMax, blurP));
        }
        if (solarizeP > 0) {
            steps.add(new RandomSolarize(solarizeThreshold, solarizeP));
        }
        steps.add(new Normalize(mean, std));
        return steps.toArray(new ImageTransform[0]);
    }

    @Override
    public String toString() {
        return String.format(
                "ViewConfig{size=%d, crop=%s, flip=%.2f, jitter=(%.2f,%.2f,%.2f,%.2f)p%.2f,"
                        + " gray=%.2f, blur=%.2f(k%d, %.2f..%.2f), solarize=%.2f@%.2f, mean=%s,"
                        + " std=%s}",
                size,
                randomCrop()
                        ? "random(" + scaleMin + ".." + scaleMax + ")"
                        : "center(" + Math.max(resize, size) + ")",
                flipP,
                brightness,
                contrast,
                saturation,
                hue,
                jitterP,
                grayscaleP,
                blurP,
                blurKernel,
                blurSigmaMin,
                blurSigmaMax,
                solarizeP,
                solarizeThreshold,
                Arrays.toString(mean),
                Arrays.toString(std));
    }

    /** Builder of {@link ViewConfig}; {@link #build()} validates every setting. */
    public static final class Builder {
        private int size = 32;
        private double scaleMin = 0.08;
        private double scaleMax = 1.0;
        private double ratioMin = 3.0 / 4.0;
        private double ratioMax = 4.0 / 3.0;
        private int resize;
        private double flipP = 0.5;
        private double brightness;
        private double contrast;
        private double saturation;
        private double hue;
        private double jitterP;
        private double grayscaleP;
        private double blurP;
        private int blurKernel;
        private double blurSigmaMin = 0.1;
        private double blurSigmaMax = 2.0;
        private double solarizeP;
        private double solarizeThreshold = 0.5;
        private float[] mean = EvalPreprocessing.CIFAR_MEAN;
        private float[] std = EvalPreprocessing.CIFAR_STD;

        private Builder() {}

        /** Output side in pixels. */
        public Builder setSize(int size) {
            this.size = size;
            return this;
        }

        /** Random resized crop with area fraction in [min, max]. */
        public Builder optCropScale(double min, double max) {
            this.scaleMin = min;
            this.scaleMax = max;
            return this;
        }

        /** Evaluation geometry: resize the short side to {@code resize}, centre-crop the size. */
        public Builder optCenterCrop(int resize) {
            this.scaleMin = 0;
            this.scaleMax = 0;
            this.resize = resize;
            return this;
        }

        /** Probability of a horizontal flip (default 0.5). */
        public Builder optFlip(double p) {
            this.flipP = p;
            return this;
        }

        /** Colour jitter strengths and the probability of applying it. */
        public Builder optColorJitter(
                double brightness, double contrast, double saturation, double hue, double p) {
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            this.hue = hue;
            this.jitterP = p;
            return this;
        }

        /** Probability of grayscale. */
        public Builder optGrayscale(double p) {
            this.grayscaleP = p;
            return this;
        }

        /** Gaussian blur: probability, odd kernel size (0 = 10% of the side), sigma range. */
        public Builder optBlur(double p, int kernel, double sigmaMin, double sigmaMax) {
            this.blurP = p;
            this.blurKernel = kernel;
            this.blurSigmaMin = sigmaMin;
            this.blurSigmaMax = sigmaMax;
            return this;
        }

        /** Solarization probability and threshold. */
        public Builder optSolarize(double p, double threshold) {
            this.solarizeP = p;
            this.solarizeThreshold = threshold;
            return this;
        }

        /** Normalization statistics. */
        public Builder optNormalize(float[] mean, float[] std) {
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** Validates and builds. */
        public ViewConfig build() {
            if (size <= 0) {
                throw new IllegalArgumentException("view size must be positive, got " + size);
            }
            ViewConfig config = new ViewConfig(this);
            // Constructing the pipeline runs every operation's own range checks.
            config.crop();
            config.steps();
            return config;
        }
    }
}

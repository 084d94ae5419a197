package dev.sphereclr.pretrain.cli;

import picocli.CommandLine.Option;

/**
 * The options of the views: size, progressive resizing, the augmentation (a preset and each of its
 * parameters) and multi-crop.
 */
final class ViewOptions {

    @Option(names = "--image-size", description = "Crop size in pixels (32 CIFAR, 224 ImageNet).")
    Integer imageSize;

    @Option(
            names = "--resolution-schedule",
            description =
                    "Progressive resizing: SIZE@FROM,... (16@0,24@0.3,32@0.7: 16 px from the"
                            + " start, 24 px from 30%% of the run, 32 px from 70%%); the last size is"
                            + " --image-size.")
    String resolutionSchedule;

    @Option(
            names = "--augmentation",
            description =
                    "Preset: auto, simclr-cifar, simclr-imagenet, sec-cifar or mocov2. Given"
                            + " here, it replaces the recipe's parameters; the options below"
                            + " change single ones.")
    String augmentation;

    @Option(names = "--crop-scale-min", description = "Smallest area fraction a view crops.")
    Double cropScaleMin;

    @Option(names = "--crop-scale-max", description = "Largest area fraction a view crops.")
    Double cropScaleMax;

    @Option(names = "--flip-probability", description = "Probability of a horizontal flip.")
    Double flipProbability;

    @Option(names = "--jitter-brightness", description = "Colour jitter: brightness strength.")
    Double jitterBrightness;

    @Option(names = "--jitter-contrast", description = "Colour jitter: contrast strength.")
    Double jitterContrast;

    @Option(names = "--jitter-saturation", description = "Colour jitter: saturation strength.")
    Double jitterSaturation;

    @Option(names = "--jitter-hue", description = "Colour jitter: hue strength.")
    Double jitterHue;

    @Option(names = "--jitter-probability", description = "Probability of the colour jitter.")
    Double jitterProbability;

    @Option(names = "--grayscale-probability", description = "Probability of grayscale.")
    Double grayscaleProbability;

    @Option(
            names = "--blur-probability",
            description = "Probability of a Gaussian blur (kernel 10%% of the side).")
    Double blurProbability;

    @Option(names = "--blur-sigma-min", description = "Smallest sigma of the blur.")
    Double blurSigmaMin;

    @Option(names = "--blur-sigma-max", description = "Largest sigma of the blur.")
    Double blurSigmaMax;

    @Option(
            names = "--solarize-probability",
            description = "Probability of solarization (threshold 0.5).")
    Double solarizeProbability;

    @Option(
            names = "--small-crops",
            description =
                    "Multi-crop: small views per image besides the two global ones (SimCLR; 0: off).")
    Integer smallCrops;

    @Option(names = "--small-crop-size", description = "Multi-crop: side of the small views.")
    Integer smallCropSize;

    @Option(
            names = "--small-crop-scale-min",
            description = "Multi-crop: smallest area fraction a small view crops (SwAV: 0.05).")
    Double smallCropScaleMin;

    @Option(
            names = "--small-crop-scale-max",
            description = "Multi-crop: largest area fraction a small view crops (SwAV: 0.14).")
    Double smallCropScaleMax;
}

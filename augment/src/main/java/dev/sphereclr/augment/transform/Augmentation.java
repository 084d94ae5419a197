package dev.sphereclr.augment.transform;

/**
 * The random part of a training view, by the names a recipe and the command line give them: the
 * crop's area fractions, the flip, colour jitter (strengths and probability), grayscale, Gaussian
 * blur (probability and sigma range; the kernel is 10% of the side) and solarization (threshold
 * 0.5). Size and normalization belong to the dataset, not here. The operations check the ranges
 * when a view is built ({@link ViewConfig.Builder#build()}).
 */
public record Augmentation(
        double cropScaleMin,
        double cropScaleMax,
        double flipProbability,
        double jitterBrightness,
        double jitterContrast,
        double jitterSaturation,
        double jitterHue,
        double jitterProbability,
        double grayscaleProbability,
        double blurProbability,
        double blurSigmaMin,
        double blurSigmaMax,
        double solarizeProbability) {

    /** {@code view} with these random operations in place of its own. */
    public ViewConfig.Builder applyTo(ViewConfig.Builder view) {
        return view.optCropScale(cropScaleMin, cropScaleMax)
                .optFlip(flipProbability)
                .optColorJitter(
                        jitterBrightness,
                        jitterContrast,
                        jitterSaturation,
                        jitterHue,
                        jitterProbability)
                .optGrayscale(grayscaleProbability)
                .optBlur(blurProbability, 0, blurSigmaMin, blurSigmaMax)
                .optSolarize(solarizeProbability, 0.5);
    }
}

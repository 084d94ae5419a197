package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.SplittableRandom;

/** Standardizes each channel: \( (x - \mu_c) / \sigma_c \). */
public final class Normalize implements ImageTransform {

    private final float[] mean;
    private final float[] std;

    /**
     * @param mean three channel means
     * @param std three positive channel standard deviations
     */
    public Normalize(float[] mean, float[] std) {
        FloatImage.checkStatistics(mean, std);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        image.normalize(mean, std);
        return image;
    }
}

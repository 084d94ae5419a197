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
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalize needs 3 means and 3 stds");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalize std must be positive, got " + s);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        image.normalize(mean, std);
        return image;
    }
}

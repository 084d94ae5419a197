package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.SplittableRandom;

/** With probability {@code p}, inverts every value at or above {@code threshold} (BYOL). */
public final class RandomSolarize implements ImageTransform {

    private final float threshold;
    private final double p;

    /**
     * @param threshold in [0, 1]
     * @param p probability in [0, 1]
     */
    public RandomSolarize(double threshold, double p) {
        this.threshold = (float) Probability.check("solarize threshold", threshold);
        this.p = Probability.check("solarize probability", p);
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (random.nextDouble() < p) {
            ImageOps.solarize(image, threshold);
        }
        return image;
    }
}

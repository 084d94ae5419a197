package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.SplittableRandom;

/** Mirrors the image left to right with probability {@code p}. */
public final class RandomHorizontalFlip implements ImageTransform {

    private final double p;

    /**
     * @param p probability in [0, 1]
     */
    public RandomHorizontalFlip(double p) {
        this.p = Probability.check("flip probability", p);
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (random.nextDouble() < p) {
            ImageOps.horizontalFlip(image);
        }
        return image;
    }
}

package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.SplittableRandom;

/** Converts to grayscale (kept as three channels) with probability {@code p}. */
public final class RandomGrayscale implements ImageTransform {

    private final double p;

    /**
     * @param p probability in [0, 1]
     */
    public RandomGrayscale(double p) {
        this.p = Probability.check("grayscale probability", p);
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (random.nextDouble() < p) {
            ImageOps.grayscale(image);
        }
        return image;
    }
}

package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.RgbImage;
import java.util.SplittableRandom;

/** The first step of a view: takes the decoded pixels to a float image of the view's size. */
@FunctionalInterface
public interface CropTransform {

    /** Crops and resizes {@code image}, drawing any randomness from {@code random}. */
    FloatImage apply(RgbImage image, SplittableRandom random);
}

package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.SplittableRandom;

/** One step of a view pipeline on float images; may work in place and return its input. */
@FunctionalInterface
public interface ImageTransform {

    /**
     * Transforms {@code image}, drawing any randomness from {@code random}.
     *
     * @return the transformed image (possibly {@code image} itself)
     */
    FloatImage apply(FloatImage image, SplittableRandom random);
}

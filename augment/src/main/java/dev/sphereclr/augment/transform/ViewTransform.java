package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.RgbImage;
import java.util.SplittableRandom;

/** One view: a crop to the view size, then the colour and blur steps, then normalization. */
public final class ViewTransform {

    private final ViewConfig config;
    private final CropTransform crop;
    private final ImageTransform[] steps;

    ViewTransform(ViewConfig config) {
        this.config = config;
        this.crop = config.crop();
        this.steps = config.steps();
    }

    /** The settings this pipeline was built from. */
    public ViewConfig config() {
        return config;
    }

    /** Output side in pixels. */
    public int size() {
        return config.size();
    }

    /** Produces the view of {@code image} that {@code random} selects: normalized CHW floats. */
    public FloatImage apply(RgbImage image, SplittableRandom random) {
        FloatImage view = crop.apply(image, random);
        for (ImageTransform step : steps) {
            view = step.apply(view, random);
        }
        return view;
    }
}

package dev.sphereclr.augment.transform;

import dev.sphereclr.augment.image.FloatImage;
import java.util.SplittableRandom;

/** Standardizes each channel: \( (x - \mu_c) / \sigma_c \). */
public final class Normalize implements ImageTransform {

    /** CIFAR-10 training-set statistics, as solo-learn uses. */
    public static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f};

    public static final float[] CIFAR_STD = {0.247f, 0.243f, 0.261f};

    /** ImageNet statistics. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

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
        ImageOps.normalize(image, mean, std);
        return image;
    }
}

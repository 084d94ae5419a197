package dev.sphereclr.encoder.image;

/**
 * Small, CIFAR-like images against large, ImageNet-like ones: one rule for the augmentation and
 * evaluation presets, their statistics and the ResNet stem.
 */
public final class ImageScale {

    /** The largest side of a small image. */
    public static final int SMALL_MAX_SIDE = 64;

    private ImageScale() {}

    /** Whether images of side {@code side} are small (CIFAR-like). */
    public static boolean small(int side) {
        return side <= SMALL_MAX_SIDE;
    }
}

package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.SplittableRandom;

/**
 * With probability {@code p}, changes brightness, contrast and saturation by factors drawn from \(
 * [\max(0, 1 - s), 1 + s] \) and hue by a shift drawn from \( [-h, h] \), the four in a random
 * order (torchvision's {@code ColorJitter} inside {@code RandomApply}). SimCLR's strength-s jitter
 * is (0.8s, 0.8s, 0.8s, 0.2s).
 */
public final class ColorJitter implements ImageTransform {

    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double p;

    /**
     * @param brightness non-negative
     * @param contrast non-negative
     * @param saturation non-negative
     * @param hue in [0, 0.5]
     * @param p probability of applying the jitter at all
     */
    public ColorJitter(
            double brightness, double contrast, double saturation, double hue, double p) {
        this.brightness = nonNegative("brightness", brightness);
        this.contrast = nonNegative("contrast", contrast);
        this.saturation = nonNegative("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("jitter hue must be in [0, 0.5], got " + hue);
        }
        this.hue = hue;
        this.p = Probability.check("jitter probability", p);
    }

    private static double nonNegative(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("jitter " + name + " must be >= 0, got " + v);
        }
        return v;
    }

    private static float factor(SplittableRandom random, double strength) {
        double lo = Math.max(0, 1 - strength);
        return (float) (lo + (1 + strength - lo) * random.nextDouble());
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (random.nextDouble() >= p) {
            return image;
        }
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float b = factor(random, brightness);
        float c = factor(random, contrast);
        float s = factor(random, saturation);
        float h = (float) (-hue + 2 * hue * random.nextDouble());
        for (int op : order) {
            switch (op) {
                case 0 -> {
                    if (brightness > 0) {
                        ImageOps.adjustBrightness(image, b);
                    }
                }
                case 1 -> {
                    if (contrast > 0) {
                        ImageOps.adjustContrast(image, c);
                    }
                }
                case 2 -> {
                    if (saturation > 0) {
                        ImageOps.adjustSaturation(image, s);
                    }
                }
                default -> {
                    if (hue > 0) {
                        ImageOps.adjustHue(image, h);
                    }
                }
            }
        }
        return image;
    }
}

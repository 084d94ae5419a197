package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;

/**
 * The deterministic image operations behind the random transforms, with the semantics of
 * torchvision's functional API on float tensors in [0, 1]. Colour operations work in place.
 */
public final class ImageOps {

    /** ITU-R 601-2 luma weights, as torchvision's {@code rgb_to_grayscale}. */
    static final float LUMA_R = 0.2989f;

    static final float LUMA_G = 0.587f;
    static final float LUMA_B = 0.114f;

    private ImageOps() {}

    /** \( x \leftarrow \mathrm{clamp}(f x) \). */
    public static void adjustBrightness(FloatImage img, float factor) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = FloatImage.clamp01(d[i] * factor);
        }
    }

    /** \( x \leftarrow \mathrm{clamp}(f x + (1 - f)\,\overline{\mathrm{gray}}) \). */
    public static void adjustContrast(FloatImage img, float factor) {
        float[] d = img.data();
        int n = img.planeSize();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += LUMA_R * d[i] + LUMA_G * d[n + i] + LUMA_B * d[2 * n + i];
        }
        float bias = (float) ((1 - factor) * (sum / n));
        for (int i = 0; i < d.length; i++) {
            d[i] = FloatImage.clamp01(factor * d[i] + bias);
        }
    }

    /** \( x \leftarrow \mathrm{clamp}(f x + (1 - f)\,\mathrm{gray}(x)) \), per pixel. */
    public static void adjustSaturation(FloatImage img, float factor) {
        float[] d = img.data();
        int n = img.planeSize();
        float rest = 1 - factor;
        for (int i = 0; i < n; i++) {
            float r = d[i];
            float g = d[n + i];
            float b = d[2 * n + i];
            float gray = rest * (LUMA_R * r + LUMA_G * g + LUMA_B * b);
            d[i] = FloatImage.clamp01(factor * r + gray);
            d[n + i] = FloatImage.clamp01(factor * g + gray);
            d[2 * n + i] = FloatImage.clamp01(factor * b + gray);
        }
    }

    /**
     * Rotates the hue by {@code factor} of a full turn (-0.5..0.5), through HSV as torchvision's
     * {@code adjust_hue} does.
     */
    public static void adjustHue(FloatImage img, float factor) {
        if (factor < -0.5f || factor > 0.5f) {
            throw new IllegalArgumentException("hue factor must be in [-0.5, 0.5], got " + factor);
        }
        float[] d = img.data();
        int n = img.planeSize();
        for (int i = 0; i < n; i++) {
            float r = d[i];
            float g = d[n + i];
            float b = d[2 * n + i];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float chroma = max - min;
            if (chroma == 0f) {
                continue; // gray: no hue to rotate
            }
            float inverse = 1f / chroma;
            float rc = (max - r) * inverse;
            float gc = (max - g) * inverse;
            float bc = (max - b) * inverse;
            float h;
            if (max == r) {
                h = bc - gc;
            } else if (max == g) {
                h = 2f + rc - bc;
            } else {
                h = 4f + gc - rc;
            }
            // h / 6 + 1 is in (0.8, 2): the integer cast is the floor.
            h = h * (1f / 6f) + 1f;
            h -= (int) h;
            h += factor;
            if (h < 0f) {
                h += 1f;
            } else if (h >= 1f) {
                h -= 1f;
            }
            // Back to RGB: with v = max and s = chroma / max, HSV's p = v(1 - s) is min,
            // q = v(1 - sf) = max - chroma f and t = v(1 - s(1 - f)) = min + chroma f.
            float h6 = h * 6f;
            int sector = (int) h6;
            float f = h6 - sector;
            float q = max - chroma * f;
            float t = min + chroma * f;
            switch (sector % 6) {
                case 0 -> set(d, n, i, max, t, min);
                case 1 -> set(d, n, i, q, max, min);
                case 2 -> set(d, n, i, min, max, t);
                case 3 -> set(d, n, i, min, q, max);
                case 4 -> set(d, n, i, t, min, max);
                default -> set(d, n, i, max, min, q);
            }
        }
    }

    private static void set(float[] d, int n, int i, float r, float g, float b) {
        d[i] = r;
        d[n + i] = g;
        d[2 * n + i] = b;
    }

    /** Replaces every channel by the luma {@code 0.2989 R + 0.587 G + 0.114 B}. */
    public static void grayscale(FloatImage img) {
        float[] d = img.data();
        int n = img.planeSize();
        for (int i = 0; i < n; i++) {
            float gray = LUMA_R * d[i] + LUMA_G * d[n + i] + LUMA_B * d[2 * n + i];
            d[i] = gray;
            d[n + i] = gray;
            d[2 * n + i] = gray;
        }
    }

    /** Mirrors the image left to right. */
    public static void horizontalFlip(FloatImage img) {
        float[] d = img.data();
        int w = img.width();
        for (int row = 0; row < 3 * img.height(); row++) {
            int start = row * w;
            for (int a = start, b = start + w - 1; a < b; a++, b--) {
                float tmp = d[a];
                d[a] = d[b];
                d[b] = tmp;
            }
        }
    }

    /** \( x \leftarrow 1 - x \) where \( x \ge \) threshold. */
    public static void solarize(FloatImage img, float threshold) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] >= threshold) {
                d[i] = 1f - d[i];
            }
        }
    }
}

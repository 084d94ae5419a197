package dev.sphereclr.augment.transform;

import dev.sphereclr.augment.image.FloatImage;
import dev.sphereclr.augment.image.RgbImage;

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

    private static float clamp01(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    /** \( x \leftarrow \mathrm{clamp}(f x) \). */
    public static void adjustBrightness(FloatImage img, float factor) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = clamp01(d[i] * factor);
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
            d[i] = clamp01(factor * d[i] + bias);
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
            d[i] = clamp01(factor * r + gray);
            d[n + i] = clamp01(factor * g + gray);
            d[2 * n + i] = clamp01(factor * b + gray);
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

    /** \( x \leftarrow (x - \mu_c) / \sigma_c \) per channel. */
    public static void normalize(FloatImage img, float[] mean, float[] std) {
        float[] d = img.data();
        int n = img.planeSize();
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = c * n, end = (c + 1) * n; i < end; i++) {
                d[i] = (d[i] - m) * inv;
            }
        }
    }

    /** The normalized 1-D Gaussian kernel torchvision uses: taps at {@code -(k-1)/2 .. (k-1)/2}. */
    static float[] gaussianKernel(int size, double sigma) {
        float[] k = new float[size];
        double half = (size - 1) / 2.0;
        double sum = 0;
        double[] raw = new double[size];
        for (int i = 0; i < size; i++) {
            double x = (i - half) / sigma;
            raw[i] = Math.exp(-0.5 * x * x);
            sum += raw[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] = (float) (raw[i] / sum);
        }
        return k;
    }

    /**
     * Separable Gaussian blur with an odd kernel and reflect padding (the border pixel is not
     * repeated), as torchvision's {@code gaussian_blur}. Returns a new image.
     */
    public static FloatImage gaussianBlur(FloatImage img, int kernelSize, double sigma) {
        if (kernelSize <= 0 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException(
                    "blur kernel size must be odd and positive, got " + kernelSize);
        }
        int h = img.height();
        int w = img.width();
        int r = kernelSize / 2;
        if (r >= h || r >= w) {
            throw new IllegalArgumentException(
                    "blur kernel " + kernelSize + " is too large for a " + h + "x" + w + " image");
        }
        float[] full = gaussianKernel(kernelSize, sigma);
        // Taps below float resolution change no output by more than ~1e-7: leave them out.
        int skip = 0;
        while (skip < r && full[skip] < 1e-7f) {
            skip++;
        }
        float[] k = java.util.Arrays.copyOfRange(full, skip, kernelSize - skip);
        int offset = skip;
        kernelSize = k.length;
        float[] src = img.data();
        FloatImage out = new FloatImage(h, w);
        float[] dst = out.data();
        float[] padded = new float[w + 2 * r];
        float[] tmp = new float[h * w];
        int[] rowIndex = reflectIndex(h, r);
        int n = h * w;
        for (int c = 0; c < 3; c++) {
            int base = c * n;
            // Horizontal pass: reflect-pad one row, then accumulate tap by tap over the row.
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                System.arraycopy(src, row, padded, r, w);
                for (int i = 1; i <= r; i++) {
                    padded[r - i] = src[row + i];
                    padded[r + w - 1 + i] = src[row + w - 1 - i];
                }
                int t0 = y * w;
                for (int x = 0; x < w; x++) {
                    tmp[t0 + x] = k[0] * padded[x + offset];
                }
                for (int t = 1; t < kernelSize; t++) {
                    float kt = k[t];
                    int shift = t + offset;
                    for (int x = 0; x < w; x++) {
                        tmp[t0 + x] += kt * padded[x + shift];
                    }
                }
            }
            // Vertical pass: each output row is a weighted sum of reflected rows of tmp.
            for (int y = 0; y < h; y++) {
                int o = base + y * w;
                int first = rowIndex[y + offset] * w;
                for (int x = 0; x < w; x++) {
                    dst[o + x] = k[0] * tmp[first + x];
                }
                for (int t = 1; t < kernelSize; t++) {
                    float kt = k[t];
                    int from = rowIndex[y + t + offset] * w;
                    for (int x = 0; x < w; x++) {
                        dst[o + x] += kt * tmp[from + x];
                    }
                }
            }
        }
        return out;
    }

    /** Index of padded position {@code p - r} reflected into {@code [0, size)}. */
    private static int[] reflectIndex(int size, int r) {
        int[] idx = new int[size + 2 * r];
        for (int p = 0; p < idx.length; p++) {
            int i = p - r;
            if (i < 0) {
                i = -i;
            } else if (i >= size) {
                i = 2 * (size - 1) - i;
            }
            idx[p] = i;
        }
        return idx;
    }

    /**
     * Crops {@code (top, left, height, width)} from {@code src} and resizes it to {@code outHeight
     * x outWidth} with antialiased bilinear interpolation (half-pixel centres; a triangle filter
     * widened by the scale when shrinking), as torchvision's {@code resized_crop(...,
     * antialias=True)}. The output is in [0, 1].
     */
    public static FloatImage resizedCrop(
            RgbImage src, int top, int left, int height, int width, int outHeight, int outWidth) {
        checkCrop(src.height(), src.width(), top, left, height, width);
        Resampler rows = Resampler.of(height, outHeight);
        Resampler cols = Resampler.of(width, outWidth);
        byte[] px = src.pixels();
        int srcW = src.width();
        // Horizontal pass over the rows the vertical pass will read: height x outWidth x 3.
        int rowFrom = top + rows.start[0];
        int tmpRows = rows.lastSource - rows.start[0] + 1;
        float[] tmp = new float[tmpRows * outWidth * 3];
        for (int y = 0; y < tmpRows; y++) {
            int srcRow = (rowFrom + y) * srcW * 3;
            int tmpRow = y * outWidth * 3;
            for (int x = 0; x < outWidth; x++) {
                int start = left + cols.start[x];
                int count = cols.count[x];
                int wOff = cols.weightOffset[x];
                float r = 0;
                float g = 0;
                float b = 0;
                for (int t = 0; t < count; t++) {
                    float wt = cols.weights[wOff + t];
                    int p = srcRow + (start + t) * 3;
                    r += wt * (px[p] & 0xFF);
                    g += wt * (px[p + 1] & 0xFF);
                    b += wt * (px[p + 2] & 0xFF);
                }
                int o = tmpRow + x * 3;
                tmp[o] = r;
                tmp[o + 1] = g;
                tmp[o + 2] = b;
            }
        }
        FloatImage out = new FloatImage(outHeight, outWidth);
        float[] dst = out.data();
        int n = outHeight * outWidth;
        float scale = 1f / 255f;
        for (int y = 0; y < outHeight; y++) {
            int start = rows.start[y] - rows.start[0];
            int count = rows.count[y];
            int wOff = rows.weightOffset[y];
            for (int x = 0; x < outWidth; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int t = 0; t < count; t++) {
                    float wt = rows.weights[wOff + t];
                    int p = ((start + t) * outWidth + x) * 3;
                    r += wt * tmp[p];
                    g += wt * tmp[p + 1];
                    b += wt * tmp[p + 2];
                }
                int o = y * outWidth + x;
                dst[o] = clamp01(r * scale);
                dst[n + o] = clamp01(g * scale);
                dst[2 * n + o] = clamp01(b * scale);
            }
        }
        return out;
    }

    private static void checkCrop(int h, int w, int top, int left, int height, int width) {
        if (top < 0
                || left < 0
                || height <= 0
                || width <= 0
                || top + height > h
                || left + width > w) {
            throw new IllegalArgumentException(
                    "crop (top "
                            + top
                            + ", left "
                            + left
                            + ", "
                            + height
                            + "x"
                            + width
                            + ") does not fit a "
                            + h
                            + "x"
                            + w
                            + " image");
        }
    }

    /**
     * The taps of an antialiased linear resampling of {@code in} source pixels onto {@code out}
     * pixels, as PyTorch's {@code _upsample_bilinear2d_aa}. They depend on the two sizes alone, so
     * they are computed once per pair and shared (immutable) by every thread.
     */
    static final class Resampler {

        /** Pairs kept; crops of very large images can make many, which are then not kept. */
        private static final int CACHE_LIMIT = 4096;

        private static final java.util.concurrent.ConcurrentHashMap<Long, Resampler> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        final int[] start;
        final int[] count;
        final int[] weightOffset;
        final float[] weights;

        /** The last source pixel any output pixel reads. */
        final int lastSource;

        private Resampler(int[] start, int[] count, int[] weightOffset, float[] weights) {
            this.start = start;
            this.count = count;
            this.weightOffset = weightOffset;
            this.weights = weights;
            int last = 0;
            for (int i = 0; i < start.length; i++) {
                last = Math.max(last, start[i] + count[i] - 1);
            }
            this.lastSource = last;
        }

        static Resampler of(int in, int out) {
            Long key = ((long) in << 32) | out;
            Resampler r = CACHE.get(key);
            if (r == null) {
                r = compute(in, out);
                if (CACHE.size() < CACHE_LIMIT) {
                    CACHE.putIfAbsent(key, r);
                }
            }
            return r;
        }

        private static Resampler compute(int in, int out) {
            double scale = (double) in / out;
            double support = scale >= 1 ? scale : 1.0;
            double invScale = scale >= 1 ? 1 / scale : 1.0;
            int[] start = new int[out];
            int[] count = new int[out];
            int[] weightOffset = new int[out];
            int maxTaps = (int) Math.ceil(support) * 2 + 1;
            float[] weights = new float[out * maxTaps];
            int used = 0;
            for (int i = 0; i < out; i++) {
                double center = scale * (i + 0.5);
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), in);
                double total = 0;
                for (int j = lo; j < hi; j++) {
                    total += tap(j, center, invScale);
                }
                start[i] = lo;
                count[i] = hi - lo;
                weightOffset[i] = used;
                for (int j = lo; j < hi; j++) {
                    weights[used++] = (float) (total != 0 ? tap(j, center, invScale) / total : 0);
                }
            }
            return new Resampler(start, count, weightOffset, weights);
        }

        private static double tap(int j, double center, double invScale) {
            double x = Math.abs((j - center + 0.5) * invScale);
            return x < 1 ? 1 - x : 0;
        }
    }
}

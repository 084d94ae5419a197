package dev.sphereclr.encoder.image;

import java.util.concurrent.ConcurrentHashMap;

/** Cropping and resizing as torchvision's {@code resized_crop} with antialiasing. */
public final class Resampling {

    private Resampling() {}

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
                dst[o] = FloatImage.clamp01(r * scale);
                dst[n + o] = FloatImage.clamp01(g * scale);
                dst[2 * n + o] = FloatImage.clamp01(b * scale);
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

        private static final ConcurrentHashMap<Long, Resampler> CACHE = new ConcurrentHashMap<>();

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

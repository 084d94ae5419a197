package dev.sphereclr.encoder.image;

/**
 * An RGB image as three float planes (CHW), values in [0, 1] until normalization. Operations on it
 * work in place where they can: a view is built by one pipeline on one thread.
 *
 * @param height rows
 * @param width columns
 * @param data {@code 3 * height * width} floats: the R plane, then G, then B
 */
public record FloatImage(int height, int width, float[] data) {

    /** A black image of the given size. */
    public FloatImage(int height, int width) {
        this(height, width, new float[3 * height * width]);
    }

    /** Checks the buffer size. */
    public FloatImage {
        if (data.length != 3 * height * width) {
            throw new IllegalArgumentException(
                    "expected " + 3 * height * width + " floats, got " + data.length);
        }
    }

    /** {@code v} clamped to [0, 1], as torchvision clamps after each colour operation. */
    public static float clamp01(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    /** Pixels in one plane. */
    public int planeSize() {
        return height * width;
    }

    /**
     * Refuses statistics {@link #normalize} cannot use.
     *
     * @throws IllegalArgumentException unless there are 3 means and 3 positive stds
     */
    public static void checkStatistics(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalize needs 3 means and 3 stds");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalize std must be positive, got " + s);
            }
        }
    }

    /** Standardizes each channel in place: \( x \leftarrow (x - \mu_c) / \sigma_c \). */
    public void normalize(float[] mean, float[] std) {
        int n = planeSize();
        for (int c = 0; c < 3; c++) {
            float m = mean[c];
            float inv = 1f / std[c];
            for (int i = c * n, end = (c + 1) * n; i < end; i++) {
                data[i] = (data[i] - m) * inv;
            }
        }
    }

    /** A deep copy. */
    public FloatImage copy() {
        return new FloatImage(height, width, data.clone());
    }

    /** This image as HWC floats. */
    public float[] toHwc() {
        int plane = planeSize();
        float[] hwc = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                hwc[3 * i + c] = data[c * plane + i];
            }
        }
        return hwc;
    }
}

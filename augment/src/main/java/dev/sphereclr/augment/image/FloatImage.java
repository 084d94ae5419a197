package dev.sphereclr.augment.image;

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

    /** Pixels in one plane. */
    public int planeSize() {
        return height * width;
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

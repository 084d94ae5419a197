package dev.sphereclr.encoder.image;

/**
 * A decoded RGB image: {@code height x width x 3} unsigned bytes, row-major, channels interleaved
 * (HWC), as in a CIFAR cache or a decoded JPEG.
 *
 * @param height rows
 * @param width columns
 * @param pixels {@code height * width * 3} bytes, read as unsigned
 */
public record RgbImage(int height, int width, byte[] pixels) {

    /** Checks the buffer size. */
    public RgbImage {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + height + "x" + width);
        }
        if (pixels.length != height * width * 3) {
            throw new IllegalArgumentException(
                    "expected "
                            + height * width * 3
                            + " bytes for a "
                            + height
                            + "x"
                            + width
                            + " RGB image, got "
                            + pixels.length);
        }
    }

    /** The value 0..255 of channel {@code c} at row {@code y}, column {@code x}. */
    public int get(int y, int x, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    /** This image as float planes in [0, 1] ({@code x / 255}). */
    public FloatImage toFloat() {
        FloatImage out = new FloatImage(height, width);
        float[] dst = out.data();
        int plane = height * width;
        for (int i = 0; i < plane; i++) {
            dst[i] = (pixels[3 * i] & 0xFF) / 255f;
            dst[plane + i] = (pixels[3 * i + 1] & 0xFF) / 255f;
            dst[2 * plane + i] = (pixels[3 * i + 2] & 0xFF) / 255f;
        }
        return out;
    }
}

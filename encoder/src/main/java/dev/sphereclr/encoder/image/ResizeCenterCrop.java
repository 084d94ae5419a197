package dev.sphereclr.encoder.image;

/**
 * The evaluation geometry: resize the short side to {@code resize} (antialiased bilinear), then
 * take the centre {@code size x size}; with {@code resize == size} of a square input, only the
 * conversion to float remains. ImageNet evaluation uses 256 then 224.
 */
public final class ResizeCenterCrop {

    private final int resize;
    private final int size;

    /**
     * @param resize the short side after resizing, at least {@code size}
     * @param size the output side
     */
    public ResizeCenterCrop(int resize, int size) {
        if (size <= 0 || resize < size) {
            throw new IllegalArgumentException(
                    "need 0 < size <= resize, got size " + size + " and resize " + resize);
        }
        this.resize = resize;
        this.size = size;
    }

    /** The centre {@code size x size} of {@code image} resized, as floats in [0, 1]. */
    public FloatImage apply(RgbImage image) {
        int h = image.height();
        int w = image.width();
        if (h == size && w == size) {
            return image.toFloat();
        }
        int rh;
        int rw;
        if (h <= w) {
            rh = resize;
            rw = (int) ((long) resize * w / h);
        } else {
            rw = resize;
            rh = (int) ((long) resize * h / w);
        }
        FloatImage resized = Resampling.resizedCrop(image, 0, 0, h, w, rh, rw);
        return centerCrop(resized, size);
    }

    static FloatImage centerCrop(FloatImage image, int size) {
        int h = image.height();
        int w = image.width();
        int top = (int) Math.rint((h - size) / 2.0);
        int left = (int) Math.rint((w - size) / 2.0);
        FloatImage out = new FloatImage(size, size);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(
                        image.data(),
                        c * h * w + (top + y) * w + left,
                        out.data(),
                        c * size * size + y * size,
                        size);
            }
        }
        return out;
    }
}

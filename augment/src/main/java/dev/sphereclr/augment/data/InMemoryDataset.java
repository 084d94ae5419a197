package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.image.RgbImage;
import java.util.List;

/**
 * Images of one size held as one compact uint8 array ({@code N x H x W x 3}), the way CIFAR is
 * kept: 60,000 CIFAR images take 184 MB, decoded once.
 */
public final class InMemoryDataset implements ImageDataset {

    private final String description;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classes;

    /**
     * @param description what the data is, for logs
     * @param height rows of every image
     * @param width columns of every image
     * @param pixels {@code labels.length * height * width * 3} bytes, HWC per image
     * @param labels class index per image
     * @param classes class names
     */
    public InMemoryDataset(
            String description,
            int height,
            int width,
            byte[] pixels,
            int[] labels,
            List<String> classes) {
        if ((long) labels.length * height * width * 3 != pixels.length) {
            throw new IllegalArgumentException(
                    "pixel buffer of "
                            + pixels.length
                            + " bytes does not hold "
                            + labels.length
                            + " images of "
                            + height
                            + "x"
                            + width);
        }
        for (int label : labels) {
            if (label < 0 || label >= classes.size()) {
                throw new IllegalArgumentException(
                        "label " + label + " outside the " + classes.size() + " classes");
            }
        }
        this.description = description;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.classes = List.copyOf(classes);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public RgbImage image(int index) {
        int bytes = height * width * 3;
        byte[] copy = new byte[bytes];
        System.arraycopy(pixels, index * bytes, copy, 0, bytes);
        return new RgbImage(height, width, copy);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String describe() {
        return description + " (" + size() + " images, " + height + "x" + width + ", in memory)";
    }
}

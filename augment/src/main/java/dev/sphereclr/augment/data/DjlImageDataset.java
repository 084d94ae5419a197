package dev.sphereclr.augment.data;

import ai.djl.basicdataset.cv.classification.ImageFolder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Any DJL {@link RandomAccessDataset} of images and labels as an {@link ImageDataset}, so that
 * DJL's own datasets (djl-basicdataset's {@link ImageFolder}, or one of your own) can be a
 * pretraining or evaluation source.
 *
 * <p>Each record must hold one image as height x width x 3 values in 0..255 (DJL's {@code
 * Image.toNDArray}, with no {@code ToTensor} transform: SphereCLR makes its own views) and one
 * label, a class index.
 */
public final class DjlImageDataset implements ImageDataset {

    private final RandomAccessDataset dataset;
    private final List<String> classes;
    private final String description;
    private final int size;
    private final int[] labels;

    /**
     * @param dataset the DJL dataset, prepared
     * @param classes class names by label index
     * @param description what the data is, for logs and reports
     */
    public DjlImageDataset(RandomAccessDataset dataset, List<String> classes, String description) {
        if (dataset.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(description + ": over 2^31 records");
        }
        this.dataset = dataset;
        this.classes = List.copyOf(classes);
        this.description = description;
        this.size = (int) dataset.size();
        this.labels = new int[size];
        Arrays.fill(labels, -1);
    }

    /** A djl-basicdataset image folder, prepared first; its synset names the classes. */
    public static DjlImageDataset of(ImageFolder folder) throws IOException {
        try {
            folder.prepare();
            List<String> classes = folder.getSynset();
            return new DjlImageDataset(
                    folder,
                    classes,
                    "DJL ImageFolder ("
                            + folder.size()
                            + " images, "
                            + classes.size()
                            + " classes)");
        } catch (TranslateException e) {
            throw new IOException("cannot prepare the DJL image folder: " + e.getMessage(), e);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int label(int index) {
        int known = labels[index];
        if (known >= 0) {
            return known;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return labelOf(read(manager, index), index);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public RgbImage image(int index) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Record record = read(manager, index);
            labelOf(record, index);
            NDArray image = record.getData().head();
            Shape shape = image.getShape();
            if (shape.dimension() != 3 || shape.get(2) != 3) {
                throw new IOException(
                        describe()
                                + ": record "
                                + index
                                + " holds an image of shape "
                                + shape
                                + "; expected height x width x 3 (no ToTensor transform)");
            }
            byte[] pixels = image.toType(DataType.UINT8, false).toByteArray();
            return new RgbImage((int) shape.get(0), (int) shape.get(1), pixels);
        }
    }

    private Record read(NDManager manager, int index) throws IOException {
        try {
            return dataset.get(manager, index);
        } catch (RuntimeException e) {
            throw new IOException(describe() + ": cannot read record " + index + ": " + e, e);
        }
    }

    private int labelOf(Record record, int index) {
        int label = record.getLabels().head().toType(DataType.INT32, false).getInt();
        if (label < 0 || label >= classes.size()) {
            throw new IllegalStateException(
                    describe()
                            + ": record "
                            + index
                            + " has label "
                            + label
                            + ", outside the "
                            + classes.size()
                            + " classes");
        }
        labels[index] = label;
        return label;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String describe() {
        return description;
    }
}

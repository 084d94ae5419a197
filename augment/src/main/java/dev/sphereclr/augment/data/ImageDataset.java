package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.util.List;

/** A labelled collection of images, read by index; safe to read from several threads. */
public interface ImageDataset {

    /** Number of images. */
    int size();

    /** Class index of image {@code index}, in {@code [0, classes().size())}. */
    int label(int index);

    /** Decoded pixels of image {@code index}. */
    RgbImage image(int index) throws IOException;

    /** Class names by index. */
    List<String> classes();

    /** A short description for logs and reports: name, split, image count. */
    String describe();
}

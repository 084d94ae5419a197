package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image of the size most of a folder's images have, among up to {@value #PROBES} spread over it:
 * the data, not the file that sorts first, decides the size the odd ones are measured against.
 * Where no size holds three quarters of the probes, the folder's images have many sizes (as
 * Caltech-101's, their short side fixed): it cannot be one array of one size.
 *
 * @param image an image of the most common size
 * @param uniform whether that size holds three quarters of the probes or more
 */
record TypicalImage(RgbImage image, boolean uniform) {

    static final int PROBES = 16;

    /** An image of the most common size among the probes, or empty if none decodes. */
    static Optional<TypicalImage> among(List<Path> files) {
        int n = files.size();
        int probes = Math.min(n, PROBES);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, RgbImage> examples = new HashMap<>();
        String best = null;
        int decoded = 0;
        for (int k = 0; k < probes; k++) {
            RgbImage img;
            try {
                img = ImageDecoder.decode(files.get((int) ((long) k * n / probes)));
            } catch (IOException e) {
                continue; // reported (or skipped) when the images are read
            }
            decoded++;
            String size = img.height() + "x" + img.width();
            int count = counts.merge(size, 1, Integer::sum);
            examples.putIfAbsent(size, img);
            if (best == null || count > counts.get(best)) {
                best = size;
            }
        }
        return best == null
                ? Optional.empty()
                : Optional.of(
                        new TypicalImage(examples.get(best), 4 * counts.get(best) >= 3 * decoded));
    }
}

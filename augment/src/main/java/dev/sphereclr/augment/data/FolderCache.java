package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A folder of same-sized images decoded once into memory: decoding a small JPEG costs about as much
 * as augmenting it (half the loader's work on all of Imagenette at 80 px), so a training run
 * decodes each image once instead of once per epoch.
 */
final class FolderCache {

    // The cache is one Java array.
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private FolderCache() {}

    /** Whether {@code n} images of {@code typical}'s size, decoded, fit in {@code budget} bytes. */
    static boolean fits(int n, RgbImage typical, long budget) {
        long decoded = (long) n * typical.height() * typical.width() * 3;
        return decoded <= Math.min(budget, MAX_BYTES);
    }

    /**
     * Decodes every image of {@code files} into one array, on {@code threads} threads; all must
     * have {@code first}'s size. Unreadable or odd-sized images fail the whole, naming the file, or
     * with {@code skipBad} are left out and counted in {@code skipped}.
     */
    static InMemoryDataset decodeAll(
            Path root,
            List<Path> files,
            int[] labels,
            List<String> classes,
            RgbImage first,
            int threads,
            boolean skipBad,
            AtomicInteger skipped)
            throws IOException {
        int n = files.size();
        int h = first.height();
        int w = first.width();
        int bytes = h * w * 3;
        byte[] pixels = new byte[n * bytes];
        boolean[] ok = new boolean[n];
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(
                            () ->
                                    IntStream.range(0, n)
                                            .parallel()
                                            .forEach(
                                                    i ->
                                                            ok[i] =
                                                                    decodeInto(
                                                                            root, files, skipBad, i,
                                                                            h, w, pixels, bytes)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding " + root, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(root + ": decoding failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
        int kept = 0;
        for (boolean b : ok) {
            kept += b ? 1 : 0;
        }
        skipped.set(n - kept);
        byte[] packed = kept == n ? pixels : new byte[kept * bytes];
        int[] keptLabels = new int[kept];
        for (int i = 0, j = 0; i < n; i++) {
            if (ok[i]) {
                if (packed != pixels) {
                    System.arraycopy(pixels, i * bytes, packed, j * bytes, bytes);
                }
                keptLabels[j++] = labels[i];
            }
        }
        return new InMemoryDataset(root.toString(), h, w, packed, keptLabels, classes);
    }

    private static boolean decodeInto(
            Path root,
            List<Path> files,
            boolean skipBad,
            int i,
            int h,
            int w,
            byte[] pixels,
            int bytes) {
        RgbImage img;
        try {
            img = ImageDecoder.decode(files.get(i));
        } catch (IOException e) {
            if (skipBad) {
                return false;
            }
            throw new UncheckedIOException(e);
        }
        if (img.height() != h || img.width() != w) {
            String message =
                    files.get(i)
                            + ": "
                            + img.height()
                            + "x"
                            + img.width()
                            + " differs from the "
                            + h
                            + "x"
                            + w
                            + " of most images in "
                            + root
                            + "; cached folders need one size (--skip-bad-images leaves it out)";
            if (skipBad) {
                return false;
            }
            throw new UncheckedIOException(new IOException(message));
        }
        System.arraycopy(img.pixels(), 0, pixels, i * bytes, bytes);
        return true;
    }
}

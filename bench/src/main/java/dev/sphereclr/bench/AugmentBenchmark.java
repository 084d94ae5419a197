package dev.sphereclr.bench;

import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.data.ImageFolder;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.augment.transform.ViewTransform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Measures the data side the way the peer's {@code augment} mode does: on one thread, for random
 * images of a folder, decode the file and make one view; and the loader's delivery rate.
 */
public final class AugmentBenchmark {

    /** Seconds of untimed views before timing {@link #augment}: the JIT compiles meanwhile. */
    public static final double WARMUP_SECONDS = 3;

    private AugmentBenchmark() {}

    /**
     * Views per second on this thread, decoding included.
     *
     * @param root an image folder (class sub-folders)
     * @param preset a preset name (simclr-cifar, simclr-imagenet, mocov2)
     * @param size the view side
     * @param views how many views to make, after an untimed warm-up of a tenth as many and at least
     *     {@link #WARMUP_SECONDS} seconds
     */
    public static double augment(Path root, String preset, int size, int views) throws IOException {
        // Decode from the files every time, as a loader of large images does.
        ImageDataset data = ImageFolder.builder(root).optCacheBytes(0).build();
        ViewTransform view = Presets.byName(preset, size).build();
        SplittableRandom pick = new SplittableRandom(0);
        // Warm the JIT up first: a loader makes millions of views in a run, so the figure that
        // matters is the compiled code's.
        long warmUntil = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        for (int i = 0; i < views / 10 || System.nanoTime() < warmUntil; i++) {
            int index = pick.nextInt(data.size());
            view.apply(data.image(index), ViewSeeds.forView(1, 0, index, 0));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < views; i++) {
            int index = pick.nextInt(data.size());
            view.apply(data.image(index), ViewSeeds.forView(1, 0, index, 0));
        }
        return views / ((System.nanoTime() - t0) / 1e9);
    }

    /** Views per second the loader delivers with {@code workers} threads (two views per image). */
    public static double loader(
            ImageDataset data, String preset, int size, int batch, int workers, int batches)
            throws IOException {
        try (BatchLoader loader =
                BatchLoader.builder()
                        .setDataset(data)
                        .setTransform(MultiViewTransform.of(Presets.byName(preset, size), 2))
                        .setBatchSize(batch)
                        .optWorkers(workers)
                        .optSeed(1)
                        .build()) {
            loader.next();
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                loader.next();
            }
            return 2.0 * batch * batches / ((System.nanoTime() - t0) / 1e9);
        }
    }
}

package dev.sphereclr.augment.loader;

import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The work of one batch, done by a loader's worker: read the images, make their views. It depends
 * on its arguments alone, so any thread may make any batch.
 */
record BatchMaker(ImageDataset dataset, MultiViewTransform transform, int batchSize, long seed) {

    /**
     * Batch {@code position} of {@code epoch}, whose dataset order is {@code order}: every view of
     * every image, each drawn from (seed, epoch, index, view).
     */
    Batch make(int epoch, int[] order, int position) throws IOException {
        int start = position * batchSize;
        int n = Math.min(batchSize, order.length - start);
        int viewCount = transform.viewCount();
        float[][] views = new float[viewCount][];
        for (int v = 0; v < viewCount; v++) {
            int side = transform.size(v);
            views[v] = new float[n * 3 * side * side];
        }
        int[] labels = new int[n];
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("loader stopped");
            }
            int index = order[start + i];
            indices[i] = index;
            labels[i] = dataset.label(index);
            RgbImage image = dataset.image(index);
            for (int v = 0; v < viewCount; v++) {
                SplittableRandom random = ViewSeeds.forView(seed, epoch, index, v);
                FloatImage view = transform.view(v).apply(image, random);
                Batch.put(view.data(), transform.size(v), views[v], i);
            }
        }
        return new Batch(epoch, position, views, labels, indices, transform.size());
    }
}

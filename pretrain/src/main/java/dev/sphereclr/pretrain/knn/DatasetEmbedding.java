package dev.sphereclr.pretrain.knn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Embeds every image of a dataset in order, in batches prepared by loader workers while the encoder
 * runs: what the kNN monitor and linear-eval's feature extraction both do.
 */
public final class DatasetEmbedding {

    private DatasetEmbedding() {}

    /**
     * @param data the images
     * @param view the (deterministic) evaluation transform
     * @param batchSize images per forward pass
     * @param workers preprocessing threads
     * @param layout the memory order of the batches {@code encoder} gets
     * @param manager parent of each batch's scope
     * @param encoder batch {@code N x 3 x H x W} to features {@code N x D}, inference mode
     */
    public static FeatureSet of(
            ImageDataset data,
            ViewConfig view,
            int batchSize,
            int workers,
            TensorLayout layout,
            NDManager manager,
            UnaryOperator<NDArray> encoder)
            throws IOException {
        float[] features = null;
        int[] labels = new int[data.size()];
        int d = 0;
        try (BatchLoader loader =
                BatchLoader.builder()
                        .setDataset(data)
                        .setTransform(MultiViewTransform.of(view, 1))
                        .setBatchSize(Math.min(batchSize, data.size()))
                        .optShuffle(false)
                        .optDropLast(false)
                        .optWorkers(workers)
                        .build()) {
            for (int b = 0; b < loader.batchesPerEpoch(); b++) {
                Batch batch = loader.next();
                try (NDManager scope = manager.newSubManager()) {
                    NDArray h = encoder.apply(batch.view(scope, 0, layout));
                    float[] out = h.toFloatArray();
                    d = (int) h.getShape().get(1);
                    if (features == null) {
                        features = new float[data.size() * d];
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        System.arraycopy(out, i * d, features, batch.indices()[i] * d, d);
                        labels[batch.indices()[i]] = batch.labels()[i];
                    }
                }
            }
        }
        return new FeatureSet(features, labels, d, data.classes().size());
    }
}

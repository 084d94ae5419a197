package dev.sphereclr.eval.features;

import ai.djl.ndarray.NDManager;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.eval.encoder.FrozenEncoder;
import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds every image of a split in order, in batches, with the encoder's evaluation preprocessing
 * made by loader workers while the encoder runs.
 */
public final class FeatureExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractor.class);

    private FeatureExtractor() {}

    /**
     * @param encoder the frozen encoder
     * @param data the split
     * @param batchSize images per forward pass
     * @param workers preprocessing threads
     */
    public static FeatureSet extract(
            FrozenEncoder encoder, ImageDataset data, int batchSize, int workers)
            throws IOException {
        int d = encoder.featureSize();
        float[] features = new float[data.size() * d];
        int[] labels = new int[data.size()];
        long t0 = System.nanoTime();
        try (BatchLoader loader =
                BatchLoader.builder()
                        .setDataset(data)
                        .setTransform(MultiViewTransform.of(encoder.preprocessing().config(), 1))
                        .setBatchSize(Math.min(batchSize, data.size()))
                        .optShuffle(false)
                        .optDropLast(false)
                        .optWorkers(workers)
                        .build()) {
            int batches = loader.batchesPerEpoch();
            for (int b = 0; b < batches; b++) {
                Batch batch = loader.next();
                try (NDManager scope = encoder.manager().newSubManager()) {
                    float[] out = encoder.embed(batch.view(scope, 0)).toFloatArray();
                    for (int i = 0; i < batch.size(); i++) {
                        int index = batch.indices()[i];
                        System.arraycopy(out, i * d, features, index * d, d);
                        labels[index] = batch.labels()[i];
                    }
                }
            }
        }
        LOG.info(
                "embedded {} in {} s",
                data.describe(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return new FeatureSet(features, labels, d, data.classes().size());
    }
}

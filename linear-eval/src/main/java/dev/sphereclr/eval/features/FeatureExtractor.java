package dev.sphereclr.eval.features;

import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.pretrain.knn.DatasetEmbedding;
import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds every image of a split in order, in batches, with the encoder's evaluation preprocessing
 * made by loader workers while the encoder runs.
 */
public final class FeatureExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtractor.class);

    private FeatureExtractor() {}

    /** The encoder's evaluation preprocessing as a view for the loader's workers. */
    public static ViewConfig evalView(FrozenEncoder encoder) {
        EncoderManifest m = encoder.manifest();
        return Presets.evalFor(m.inputSize, m.normalizationMean, m.normalizationStd);
    }

    /**
     * @param encoder the frozen encoder
     * @param data the split
     * @param batchSize images per forward pass
     * @param workers preprocessing threads
     */
    public static FeatureSet extract(
            FrozenEncoder encoder, ImageDataset data, int batchSize, int workers)
            throws IOException {
        long t0 = System.nanoTime();
        FeatureSet features =
                DatasetEmbedding.of(
                        data,
                        evalView(encoder),
                        batchSize,
                        workers,
                        encoder.fastestLayout(),
                        encoder.manager(),
                        encoder::embed);
        LOG.info(
                "embedded {} in {} s",
                data.describe(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return features;
    }
}

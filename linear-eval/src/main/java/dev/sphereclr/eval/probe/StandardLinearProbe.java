package dev.sphereclr.eval.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.eval.features.FeatureExtractor;
import dev.sphereclr.pretrain.knn.FeatureSet;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard protocol of SimCLR and MoCo: a linear layer trained on the frozen encoder's output
 * for every batch of randomly cropped and flipped training images (100 epochs by default, SGD with
 * momentum, cosine learning rate, no weight decay). The encoder runs in inference mode: its
 * parameters and batch-norm statistics never change, and no gradient reaches it.
 */
public final class StandardLinearProbe {

    private static final Logger LOG = LoggerFactory.getLogger(StandardLinearProbe.class);

    /** The hyperparameters, reported with the results. */
    public static final class Settings {
        public int epochs = 100;
        public int batchSize = 256;
        public double lr = 0.1;
        public double momentum = 0.9;
        public double weightDecay = 0;
        public int workers = 1;
        public long seed = ComputeOptions.DEFAULT_SEED;
    }

    private final Settings settings;

    /**
     * @param settings the protocol's hyperparameters
     */
    public StandardLinearProbe(Settings settings) {
        this.settings = settings;
    }

    /**
     * The training view: a random resized crop (0.08-1) and a flip, with the encoder's
     * normalization.
     */
    static ViewConfig trainView(FrozenEncoder encoder) {
        ViewConfig eval = FeatureExtractor.evalView(encoder);
        return ViewConfig.builder()
                .setSize(eval.size())
                .optCropScale(0.08, 1.0)
                .optFlip(0.5)
                .optNormalize(eval.mean(), eval.std())
                .build();
    }

    /**
     * Trains on {@code train} and evaluates on {@code test} (centre view).
     *
     * @return the test figures
     */
    public Evaluation run(FrozenEncoder encoder, ImageDataset train, ImageDataset test)
            throws IOException {
        int classes = train.classes().size();
        NDManager manager = encoder.manager();
        try (LinearClassifier classifier =
                new LinearClassifier(manager, encoder.featureSize(), classes, settings.momentum)) {
            fit(encoder, train, classifier);
            FeatureSet features =
                    FeatureExtractor.extract(encoder, test, settings.batchSize, settings.workers);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x =
                        scope.create(
                                features.features(),
                                new Shape(features.count(), features.dimension()));
                return Evaluation.of(
                        classifier.scores(x).toFloatArray(), classes, features.labels());
            }
        }
    }

    /** Trains {@code classifier} on augmented views of {@code train} through the frozen encoder. */
    void fit(FrozenEncoder encoder, ImageDataset train, LinearClassifier classifier)
            throws IOException {
        int batch = Math.min(settings.batchSize, train.size());
        try (BatchLoader loader =
                BatchLoader.builder()
                        .setDataset(train)
                        .setTransform(MultiViewTransform.of(trainView(encoder), 1))
                        .setBatchSize(batch)
                        .optSeed(settings.seed)
                        .optWorkers(settings.workers)
                        .build()) {
            long total = (long) loader.batchesPerEpoch() * settings.epochs;
            for (long step = 0; step < total; step++) {
                Batch b = loader.next();
                try (NDManager scope = encoder.manager().newSubManager()) {
                    NDArray h = encoder.embed(b.view(scope, 0, encoder.fastestLayout()));
                    double lr = 0.5 * settings.lr * (1 + Math.cos(Math.PI * step / total));
                    double loss = classifier.step(h, b.labels(), lr, settings.weightDecay);
                    if ((step + 1) % loader.batchesPerEpoch() == 0) {
                        LOG.info(
                                "linear probe epoch {}/{}: loss {}",
                                (step + 1) / loader.batchesPerEpoch(),
                                settings.epochs,
                                String.format(Locale.ROOT, "%.4f", loss));
                    }
                }
            }
        }
    }
}

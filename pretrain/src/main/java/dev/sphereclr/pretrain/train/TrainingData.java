package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.data.ClassSplit;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.pretrain.config.PretrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the images a pretraining configuration names (see {@link Datasets#open}). */
public final class TrainingData {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    private TrainingData() {}

    /**
     * Refuses settings that name missing data ({@code --data}, {@code --dataset folder} without
     * it), before a run makes its folder.
     */
    public static void check(PretrainConfig config) throws IOException {
        Path data =
                config.data.path == null || config.data.path.isBlank()
                        ? null
                        : Path.of(config.data.path);
        Datasets.check(config.data.dataset, data);
    }

    /**
     * The training split of {@code config}'s data, refused when a method that learns from labels
     * finds one class or when its batches cannot be balanced by class ({@code --images-per-class}).
     * A class with fewer images than a batch takes of it repeats some, as different views: said in
     * the log.
     *
     * @throws SettingException naming the settings and the data
     */
    public static ImageDataset openChecked(PretrainConfig config) throws IOException {
        ImageDataset data = open(config, true);
        if (config.method.kind.supervised() && data.classes().size() < 2) {
            throw new SettingException(
                    "--method "
                            + Json.id(config.method.kind)
                            + " learns from labels: "
                            + data.describe()
                            + " has one class, "
                            + data.classes());
        }
        int k = config.budget.imagesPerClass;
        if (k > 0) {
            try {
                int shortClasses = BatchLoader.checkBalance(data, config.budget.batchSize, k);
                if (shortClasses > 0) {
                    LOG.warn(
                            "{} of the {} classes have fewer than --images-per-class {} images:"
                                    + " a batch repeats some of their images, as different views",
                            shortClasses,
                            data.classes().size(),
                            k);
                }
            } catch (IllegalArgumentException e) {
                throw new SettingException(
                        "--images-per-class "
                                + k
                                + " with --batch-size "
                                + config.budget.batchSize
                                + ": "
                                + e.getMessage());
            }
        }
        return data;
    }

    /** The training split (or the test split, {@code train == false}) of {@code config}'s data. */
    public static ImageDataset open(PretrainConfig config, boolean train) throws IOException {
        Datasets.Kind kind = config.data.dataset;
        Path data =
                config.data.path == null || config.data.path.isBlank()
                        ? null
                        : Path.of(config.data.path);
        Path classes =
                config.data.classList == null || config.data.classList.isBlank()
                        ? null
                        : Path.of(config.data.classList);
        ClassSplit split =
                config.data.classSplit == null || config.data.classSplit.isBlank()
                        ? null
                        : ClassSplit.parse(config.data.classSplit);
        return Datasets.open(kind, data, classes, split, config.data.skipBadImages, train);
    }
}

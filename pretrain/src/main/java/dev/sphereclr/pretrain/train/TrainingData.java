package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.data.ClassSplit;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.pretrain.config.PretrainConfig;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the images a pretraining configuration names (see {@link Datasets#open}). */
public final class TrainingData {

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

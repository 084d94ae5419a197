package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.data.Cifar;
import dev.sphereclr.augment.data.CifarDownloader;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.data.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Opens the images a configuration names. CIFAR comes from the official binary archive (downloaded
 * into the user cache when {@code --data} is not given) or from a folder of images in the
 * ImageFolder layout (such as a JPEG export of CIFAR-10 with {@code train/} and {@code test/}).
 */
public final class TrainingData {

    private TrainingData() {}

    /** The training split (or the test split, {@code train == false}) of {@code config}'s data. */
    public static ImageDataset open(PretrainConfig config, boolean train) throws IOException {
        if (config.dataset == PretrainConfig.Dataset.FOLDER) {
            return folder(Path.of(config.data), train, config);
        }
        Cifar.Variant variant =
                config.dataset == PretrainConfig.Dataset.CIFAR10
                        ? Cifar.Variant.CIFAR10
                        : Cifar.Variant.CIFAR100;
        if (config.data == null || config.data.isBlank()) {
            return Cifar.load(CifarDownloader.official().ensure(variant), variant, train);
        }
        Path data = Path.of(config.data);
        if (Files.isRegularFile(data) || holdsCifarBinaries(data)) {
            return Cifar.load(data, variant, train);
        }
        return folder(data, train, config);
    }

    private static boolean holdsCifarBinaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            return walk.anyMatch(p -> p.getFileName().toString().endsWith(".bin"));
        }
    }

    private static ImageDataset folder(Path root, boolean train, PretrainConfig config)
            throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("--data " + root + ": no such folder");
        }
        Path split =
                root.resolve(
                        train
                                ? "train"
                                : (Files.isDirectory(root.resolve("val")) ? "val" : "test"));
        Path dir = Files.isDirectory(split) ? split : root;
        ImageFolder.Builder b = ImageFolder.builder(dir).optSkipBad(config.skipBadImages);
        if (config.classList != null && !config.classList.isBlank()) {
            b.optClassList(Path.of(config.classList));
        }
        return b.build();
    }
}

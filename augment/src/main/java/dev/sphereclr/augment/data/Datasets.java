package dev.sphereclr.augment.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Opens a dataset from a path, recognizing its format. */
public final class Datasets {

    private Datasets() {}

    /**
     * Opens {@code path}: a CIFAR binary archive or folder (CIFAR-10, or CIFAR-100 when its files
     * say so), or an image folder, whose {@code train/} (or, with {@code train == false}, {@code
     * val/} or {@code test/}) sub-folder is used when it has one.
     */
    public static ImageDataset open(Path path, boolean train) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isRegularFile(path)) {
            return Cifar.load(
                    path,
                    name.contains("100") ? Cifar.Variant.CIFAR100 : Cifar.Variant.CIFAR10,
                    train);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException(path + ": no such file or folder");
        }
        try (Stream<Path> walk = Files.walk(path, 2)) {
            var bins =
                    walk.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".bin"))
                            .toList();
            if (!bins.isEmpty()) {
                return Cifar.load(
                        path,
                        bins.contains("train.bin") ? Cifar.Variant.CIFAR100 : Cifar.Variant.CIFAR10,
                        train);
            }
        }
        Path split =
                path.resolve(
                        train ? "train" : Files.isDirectory(path.resolve("val")) ? "val" : "test");
        return ImageFolder.open(Files.isDirectory(split) ? split : path);
    }
}

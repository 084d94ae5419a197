package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Opens a dataset split by kind and path, the way every command names one. */
public final class Datasets {

    /** The kinds of dataset the commands know. */
    public enum Kind {
        /**
         * CIFAR-10: official binary archive or folder (downloaded when no path is given), or an
         * image folder.
         */
        CIFAR10,
        /** CIFAR-100 with fine labels, likewise. */
        CIFAR100,
        /**
         * The CIFAR-10 (JPEG) sample bundled with SphereCLR (see {@link BundledSample}), or any
         * image folder or {@code .tar.gz} of the same layout given with {@code --data}.
         */
        CIFAR10_SAMPLE,
        /**
         * An image folder {@code root/<class>/*.jpg}, with {@code train/} and {@code val/} or
         * {@code test/} splits if present.
         */
        FOLDER;

        /** What {@code --data} left unset means for this kind, for reports and provenance. */
        public String defaultSource() {
            return this == CIFAR10_SAMPLE ? "bundled sample" : "official archive";
        }

        /** The name on the command line and in files: {@code cifar10-sample}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * Parses {@code cifar10}, {@code cifar100}, {@code cifar10-sample} or {@code folder},
         * naming the option on error.
         */
        public static Kind parse(String option, String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        option
                                + " = "
                                + value
                                + " is not one of: cifar10, cifar100, cifar10-sample, folder",
                        e);
            }
        }
    }

    private Datasets() {}

    /**
     * Opens one split.
     *
     * @param kind the dataset kind
     * @param data the archive or folder; for CIFAR {@code null} downloads into the user cache, for
     *     the sample {@code null} unpacks the bundled one
     * @param classList optional file of class folder names (image folders only)
     * @param skipBad leave unreadable images out instead of failing
     * @param train the training split, else the test (or validation) split
     */
    public static ImageDataset open(
            Kind kind, Path data, Path classList, boolean skipBad, boolean train)
            throws IOException {
        return open(kind, data, classList, null, skipBad, train);
    }

    /**
     * Opens one split; with {@code split}, one side of the classes of a folder that holds classes
     * rather than splits (metric learning's class-disjoint protocol).
     *
     * @throws SettingException when {@code split} is given for anything but an image folder of
     *     classes
     */
    public static ImageDataset open(
            Kind kind, Path data, Path classList, ClassSplit split, boolean skipBad, boolean train)
            throws IOException {
        if (split != null) {
            return disjoint(kind, data, classList, split, skipBad, train);
        }
        if (kind == Kind.CIFAR10_SAMPLE) {
            return folder(BundledSample.resolve(data), classList, skipBad, train);
        }
        if (kind == Kind.FOLDER) {
            check(kind, data);
            return folder(data, classList, skipBad, train);
        }
        Cifar.Variant variant =
                kind == Kind.CIFAR10 ? Cifar.Variant.CIFAR10 : Cifar.Variant.CIFAR100;
        if (data == null) {
            return Cifar.load(CifarDownloader.official().ensure(variant), variant, train);
        }
        if (Files.isRegularFile(data) || holdsCifarBinaries(data)) {
            return Cifar.load(data, variant, train);
        }
        return folder(data, classList, skipBad, train);
    }

    /**
     * Opens {@code path} guessing its kind: a CIFAR archive (named as the official ones, {@code
     * cifar-10-binary.tar.gz}) or folder of binaries, an archive of an image folder (the sample's),
     * else an image folder.
     */
    public static ImageDataset open(Path path, boolean train) throws IOException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isRegularFile(path) && !name.matches("(?i).*cifar-10.*")) {
            // Not an official CIFAR archive: an archive of an image folder, as the sample is.
            return folder(BundledSample.resolve(path), null, false, train);
        }
        if (Files.isRegularFile(path)) {
            return Cifar.load(
                    path,
                    name.contains("100") ? Cifar.Variant.CIFAR100 : Cifar.Variant.CIFAR10,
                    train);
        }
        if (holdsCifarBinaries(path)) {
            try (Stream<Path> walk = Files.walk(path, 2)) {
                boolean hundred =
                        walk.anyMatch(p -> p.getFileName().toString().equals("train.bin"));
                return Cifar.load(
                        path, hundred ? Cifar.Variant.CIFAR100 : Cifar.Variant.CIFAR10, train);
            }
        }
        return folder(path, null, false, train);
    }

    /**
     * Refuses a {@code --data} that cannot serve {@code kind}, before anything is read or written:
     * one that does not exist, none or a file for an image folder.
     *
     * @param kind the dataset kind, or {@code null} when only existence is checked
     * @param data the {@code --data} value, or {@code null} for the dataset's default source
     */
    public static void check(Kind kind, Path data) throws SettingException {
        if (data != null && !Files.exists(data)) {
            throw new SettingException("--data " + data + ": no such file or folder");
        }
        if (kind == Kind.FOLDER && data == null) {
            throw new SettingException("--data is required with --dataset folder");
        }
        if (kind == Kind.FOLDER && !Files.isDirectory(data)) {
            throw new SettingException(
                    "--data "
                            + data
                            + " is a file, not a folder: an image folder holds a sub-folder of"
                            + " images per class (or train/ and test/ holding those)");
        }
    }

    private static boolean holdsCifarBinaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            return walk.anyMatch(p -> p.getFileName().toString().endsWith(".bin"));
        }
    }

    private static ImageDataset disjoint(
            Kind kind, Path root, Path classList, ClassSplit split, boolean skipBad, boolean train)
            throws IOException {
        if (kind != Kind.FOLDER) {
            throw new SettingException(
                    ClassSplit.OPTION + " splits an image folder of classes (--dataset folder)");
        }
        check(kind, root);
        for (String side : List.of("train", "test", "val")) {
            if (Files.isDirectory(root.resolve(side))) {
                throw new SettingException(
                        ClassSplit.OPTION
                                + " takes a folder of classes (root/<class>/*.jpg); "
                                + root
                                + " holds "
                                + side
                                + "/: give one split's folder");
            }
        }
        ImageFolder.Builder b =
                ImageFolder.builder(root).optSkipBad(skipBad).optClassSplit(split, train);
        if (classList != null) {
            b.optClassList(ClassLists.resolve(classList));
        }
        return b.build();
    }

    private static ImageDataset folder(Path root, Path classList, boolean skipBad, boolean train)
            throws IOException {
        check(Kind.FOLDER, root);
        Path split =
                root.resolve(
                        train ? "train" : Files.isDirectory(root.resolve("val")) ? "val" : "test");
        ImageFolder.Builder b =
                ImageFolder.builder(Files.isDirectory(split) ? split : root).optSkipBad(skipBad);
        if (classList != null) {
            b.optClassList(ClassLists.resolve(classList));
        }
        return b.build();
    }
}

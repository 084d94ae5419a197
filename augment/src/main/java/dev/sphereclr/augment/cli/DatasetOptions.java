package dev.sphereclr.augment.cli;

import dev.sphereclr.augment.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Which images a command reads; add with {@code @Mixin}. Unset options are {@code null}, so that a
 * command (or a recipe) supplies its own default.
 */
public final class DatasetOptions {

    @Option(
            names = "--dataset",
            converter = KindConverter.class,
            description =
                    "cifar10, cifar100, cifar10-sample (bundled, offline) or folder (an image folder"
                            + " root/<class>/*.jpg, with train/ and test/ or val/). Default: the"
                            + " recipe's for pretrain and quickstart, cifar10 for eval.")
    public Datasets.Kind dataset;

    @Option(
            names = "--data",
            description =
                    "CIFAR: the official .tar.gz or its folder (default: download into"
                            + " $SPHERECLR_CACHE, else ~/.sphereclr), or an image folder;"
                            + " cifar10-sample: its archive or folder (default: the bundled one,"
                            + " unpacked into that cache); folder: the root.")
    public Path data;

    @Option(
            names = "--class-list",
            description =
                    "File with one class folder name per line, or a bundled list by name:"
                            + " imagenet100 (CMC's ImageNet-100). Default: every class folder.")
    public Path classList;

    @Option(
            names = "--skip-bad-images",
            arity = "0..1",
            description = "Leave out unreadable images instead of stopping (default: false).")
    public Boolean skipBadImages;

    /** {@link #dataset}, or {@code fallback} when unset. */
    public Datasets.Kind datasetOr(Datasets.Kind fallback) {
        return dataset != null ? dataset : fallback;
    }

    /** Parses {@code --dataset}, naming the option and the legal values on error. */
    public static final class KindConverter implements CommandLine.ITypeConverter<Datasets.Kind> {
        @Override
        public Datasets.Kind convert(String value) {
            try {
                return Datasets.Kind.parse("--dataset", value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

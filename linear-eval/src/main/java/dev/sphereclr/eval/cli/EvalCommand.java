package dev.sphereclr.eval.cli;

import dev.sphereclr.augment.cli.DatasetOptions;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.TorchScriptEncoder;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommonOptions;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code linear-eval}: kNN and a linear probe on a frozen encoder, with reports. */
@Command(
        name = "eval",
        aliases = "linear-eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Evaluates a frozen encoder: weighted kNN and a linear probe (fast: logistic regression"
                    + " on cached features; standard: a linear layer trained through the encoder with"
                    + " crop and flip). Writes report.json, report.md and report.html into --out."
        })
public final class EvalCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Option(
            names = "--encoder",
            description =
                    "An exported encoder folder, a .safetensors file of torchvision's ResNet names,"
                            + " a TorchScript .pt file, or random:ARCH-STEM (e.g."
                            + " random:resnet18-cifar) for the floor.")
    String encoder;

    @Option(
            names = "--features",
            description =
                    "Instead of --encoder: a folder with the train/ and test/ embeddings embed wrote"
                            + " (Parquet); kNN and the fast probe run on them.")
    Path features;

    @Option(
            names = "--allow-unchecked",
            description =
                    "Load an encoder folder exported before exports carried checksums"
                            + " (manifest format 1, no checksums.sha256); nothing shows it is"
                            + " undamaged.")
    boolean allowUnchecked;

    @Option(
            names = "--input-size",
            description =
                    "With a .safetensors or .pt --encoder that does not say it: the input size in"
                            + " pixels (default: 32 for a CIFAR stem, 224 for an ImageNet stem or a"
                            + " TorchScript module).")
    Integer inputSize;

    @Option(
            names = "--normalization-mean",
            split = ",",
            description =
                    "With a .safetensors or .pt --encoder that does not say it: the 3 channel"
                            + " means (default: CIFAR-10's for a CIFAR stem, ImageNet's"
                            + " otherwise).")
    float[] normalizationMean;

    @Option(
            names = "--normalization-std",
            split = ",",
            description = "Likewise, the 3 channel standard deviations.")
    float[] normalizationStd;

    @Option(
            names = "--arch",
            description =
                    "With a .safetensors --encoder: the architecture expected (read from the"
                            + " tensors; a file of another is refused).")
    String arch;

    @Option(
            names = "--stem",
            description = "With a .safetensors --encoder: the stem expected (cifar or imagenet).")
    String stem;

    @Mixin DatasetOptions data;

    @Mixin ComputeOptions compute;

    @Mixin RetrievalOptions retrieval;

    @Option(names = "--protocol", description = "fast or standard (default: ${DEFAULT-VALUE}).")
    String protocol = "fast";

    @Option(names = "--out", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "eval");

    @Option(
            names = "--cache",
            description =
                    "Feature cache folder (default: features/ in $SPHERECLR_CACHE, else in"
                            + " ~/.sphereclr).")
    Path cache;

    @Option(
            names = "--batch-size",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize = 256;

    @Option(names = "--knn-k", description = "kNN neighbours (default: ${DEFAULT-VALUE}).")
    int knnK = 200;

    @Option(names = "--knn-t", description = "kNN temperature (default: ${DEFAULT-VALUE}).")
    double knnT = 0.1;

    @Option(names = "--epochs", description = "Probe epochs (default: 30 fast, 100 standard).")
    Integer epochs;

    @Option(
            names = "--pretrain-run",
            split = ",",
            description =
                    "Pretraining run folders (comma-separated): their loss and norm curves go into"
                            + " the report, one line per run.")
    List<Path> pretrainRuns = new ArrayList<>();

    private static void atLeastOne(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " = " + value + " must be >= 1");
        }
    }

    @Override
    public Integer call() {
        LinearEvaluation.Settings s = new LinearEvaluation.Settings();
        try {
            if ((encoder == null) == (features == null)) {
                throw new IllegalArgumentException("give --encoder or --features, one of them");
            }
            if (features != null && protocol.equalsIgnoreCase("standard")) {
                throw new IllegalArgumentException(
                        "--protocol standard trains through the encoder; with --features only the"
                                + " fast protocol runs");
            }
            s.encoder = encoder;
            s.allowUnchecked = allowUnchecked;
            boolean script = encoder != null && TorchScriptEncoder.handles(Path.of(encoder));
            boolean foreign =
                    script || encoder != null && SafetensorsEncoder.handles(Path.of(encoder));
            if (script && (arch != null || stem != null)) {
                throw new IllegalArgumentException(
                        "--arch and --stem describe a .safetensors --encoder; a TorchScript module"
                                + " is run as it was traced");
            }
            if (script && protocol.equalsIgnoreCase("standard")) {
                throw new IllegalArgumentException(
                        "--protocol standard trains through the encoder; a TorchScript --encoder"
                                + " is evaluated with the fast protocol");
            }
            if (!foreign
                    && (inputSize != null
                            || normalizationMean != null
                            || normalizationStd != null
                            || arch != null
                            || stem != null)) {
                throw new IllegalArgumentException(
                        "--input-size, --normalization-mean, --normalization-std, --arch and --stem"
                                + " describe a .safetensors --encoder; an export's manifest says"
                                + " them itself");
            }
            for (float[] statistics : new float[][] {normalizationMean, normalizationStd}) {
                if (statistics != null && statistics.length != 3) {
                    throw new IllegalArgumentException(
                            "--normalization-mean and --normalization-std take 3 values each");
                }
            }
            s.foreign =
                    new SafetensorsEncoder.Options(inputSize, normalizationMean, normalizationStd);
            s.expectedArchitecture = arch;
            s.expectedStem = stem;
            s.features = features;
            s.dataset = data.datasetOr(Datasets.Kind.CIFAR10);
            s.protocol =
                    switch (protocol.toLowerCase(Locale.ROOT)) {
                        case "fast" -> LinearEvaluation.Protocol.FAST;
                        case "standard" -> LinearEvaluation.Protocol.STANDARD;
                        default ->
                                throw new IllegalArgumentException(
                                        "--protocol = "
                                                + protocol
                                                + " is not one of: fast, standard");
                    };
            atLeastOne("--batch-size", batchSize);
            atLeastOne("--workers", compute.workersOr(1));
            atLeastOne("--knn-k", knnK);
            if (epochs != null) {
                atLeastOne("--epochs", epochs);
            }
            if (!(knnT > 0)) {
                throw new IllegalArgumentException("--knn-t = " + knnT + " must be > 0");
            }
            if (encoder != null && encoder.startsWith("random:")) {
                RandomEncoder.manifest(encoder); // an unknown architecture is refused now
            }
            retrieval.apply(s, compute.seedOr(ComputeOptions.DEFAULT_SEED));
        } catch (IllegalArgumentException | SettingException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        int workers = compute.workersOr(1);
        long seed = compute.seedOr(ComputeOptions.DEFAULT_SEED);
        s.data = data.data;
        s.classList = data.classList;
        s.skipBadImages = Boolean.TRUE.equals(data.skipBadImages);
        s.out = out;
        s.cache = cache;
        s.batchSize = batchSize;
        s.workers = workers;
        s.knnK = knnK;
        s.knnTemperature = knnT;
        s.seed = seed;
        s.pretrainRuns = pretrainRuns;
        s.standard.workers = workers;
        s.standard.seed = seed;
        s.fast.seed = seed;
        if (epochs != null) {
            s.fast.epochs = epochs;
            s.standard.epochs = epochs;
        }
        if (compute.threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(compute.threads));
        }
        try {
            EvalReport r = LinearEvaluation.run(s);
            System.out.println(summary(r, out));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("linear-eval: " + e.getMessage());
            return Cli.exitCode(e);
        }
    }

    /** The console's line: what the report found and where it is. */
    private static String summary(EvalReport r, Path out) {
        String found =
                r.perClassAccuracy == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "linear probe top-1 %.2f%% (top-5 %.2f%%), kNN top-1 %.2f%%",
                                100 * r.top1,
                                100 * r.top5,
                                100 * r.knnTop1);
        if (r.retrieval != null) {
            found +=
                    String.format(
                            Locale.ROOT,
                            "%sRecall@%d %.2f%%, NMI %.2f%% (%d queries)",
                            found.isEmpty() ? "" : "; ",
                            r.retrieval.recallAt[0],
                            100 * r.retrieval.recall[0],
                            100 * r.retrieval.nmi,
                            r.retrieval.queries);
        }
        return String.format(
                Locale.ROOT,
                "%s on %s, seed %d: %s, in %.0f s; reports in %s",
                r.encoder,
                r.dataset,
                r.seed,
                found,
                r.wallSeconds,
                out);
    }
}

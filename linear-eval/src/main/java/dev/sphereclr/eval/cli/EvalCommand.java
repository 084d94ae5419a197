package dev.sphereclr.eval.cli;

import dev.sphereclr.augment.cli.DatasetOptions;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.EngineThreads;
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

    @Mixin EncoderOptions encoderOptions;

    @Option(
            names = "--features",
            description =
                    "Instead of --encoder: a folder with the train/ and test/ embeddings embed wrote"
                            + " (Parquet); kNN and the fast probe run on them.")
    Path features;

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
            if ((encoderOptions.encoder == null) == (features == null)) {
                throw new IllegalArgumentException("give --encoder or --features, one of them");
            }
            if (features != null && protocol.equalsIgnoreCase("standard")) {
                throw new IllegalArgumentException(
                        "--protocol standard trains through the encoder; with --features only the"
                                + " fast protocol runs");
            }
            encoderOptions.apply(s, features, protocol);
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
            EngineThreads.set(compute.threads);
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

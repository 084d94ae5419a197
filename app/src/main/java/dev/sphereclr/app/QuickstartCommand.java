package dev.sphereclr.app;

import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.pretrain.cli.PretrainOptions;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.pretrain.watch.TrainingDivergedException;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommonOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quickstart}: the first thing to run. Pretrains with the {@code quickstart} recipe (SimCLR
 * + SEC on the bundled CIFAR-10 sample, offline, a few minutes on two cores), then evaluates the
 * encoder and the random-init floor with weighted kNN and the fast linear probe, prints both side
 * by side and writes the HTML report. Any pretraining option changes the recipe, e.g. {@code
 * --dataset cifar10 --minutes 30}.
 */
@Command(
        name = "quickstart",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Pretrains SimCLR + SEC on the bundled CIFAR-10 sample (recipe quickstart), evaluates"
                    + " it and a randomly initialized encoder (kNN and linear probe), prints the"
                    + " table and writes report.html. Takes every pretrain option; one not given"
                    + " keeps the recipe's value (--print-config shows every value and its source)."
        })
public final class QuickstartCommand implements Callable<Integer> {

    /** The recipe's median speed on 2 idle cores, docs/results.md ("The quickstart"). */
    static final double DOCUMENTED_VIEWS_PER_SECOND = 520;

    private static final String FLOOR = "random init (floor)";

    /** Settings that change the speed: given any, the documented speed does not apply. */
    private static final List<String> SPEED_SETTINGS =
            List.of(
                    "dataset",
                    "data",
                    "arch",
                    "width",
                    "imageSize",
                    "batchSize",
                    "headHidden",
                    "smallCrops",
                    "resolutionSchedule",
                    "threads",
                    "workers",
                    "method");

    @Mixin CommonOptions common;

    @Mixin PretrainOptions settings;

    @Option(
            names = "--out",
            description = "Folder of the run and its reports (default: runs/quickstart/TIME).")
    Path out;

    @Option(names = "--print-config", description = "Print the settings, then exit.")
    boolean printConfig;

    @Override
    public Integer call() {
        if (settings.listedRecipes()) {
            return 0;
        }
        PretrainConfig config;
        boolean documentedSpeed; // no setting that changes the speed was given
        try {
            Recipe.Resolved resolved = settings.resolved("quickstart");
            config = resolved.config();
            documentedSpeed =
                    SPEED_SETTINGS.stream()
                            .noneMatch(f -> "command line".equals(resolved.origins().get(f)));
        } catch (IllegalArgumentException e) {
            System.err.println("quickstart: " + e.getMessage());
            return 2;
        }
        if (printConfig) {
            System.out.print(PretrainOptions.describe(settings.resolved("quickstart")));
            return 0;
        }
        Path folder =
                out != null
                        ? out
                        : Path.of("runs", "quickstart")
                                .resolve(
                                        LocalDateTime.now()
                                                .format(
                                                        DateTimeFormatter.ofPattern(
                                                                "yyyyMMdd-HHmmss")));
        EngineThreads.set(config.run.threads);
        try {
            RunSummary summary;
            try (PretrainRun run = PretrainRun.create(config, folder.resolve("pretrain"), null)) {
                summary = run.run();
            }
            String floorSpec =
                    String.format(
                            Locale.ROOT,
                            "random:%s-%s@%s",
                            config.model.arch,
                            config.resolvedStem(),
                            config.model.width);
            EvalReport floor =
                    evaluate(config, floorSpec, folder.resolve("eval-random"), null, List.of());
            EvalReport pretrained =
                    evaluate(
                            config,
                            summary.encoder(),
                            folder.resolve("eval"),
                            folder,
                            List.of(EvalReport.Compared.of(FLOOR, floor)));
            System.out.print(table(config, summary, floor, pretrained));
            if (documentedSpeed) {
                slowMachine(summary.medianViewsPerSecond()).ifPresent(System.out::println);
            }
            System.out.println("report: " + folder.resolve("eval").resolve("report.html"));
            return 0;
        } catch (TrainingDivergedException e) {
            System.err.println("training stopped: " + e.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("quickstart: " + e.getMessage());
            return Cli.exitCode(e);
        }
    }

    /**
     * The line that tells a user whose machine trained much slower than the documented one why the
     * quickstart took longer: its result does not depend on the speed (a fixed number of steps).
     */
    static Optional<String> slowMachine(Double viewsPerSecond) {
        if (viewsPerSecond == null || viewsPerSecond > DOCUMENTED_VIEWS_PER_SECOND / 2) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        Locale.ROOT,
                        "This machine trained at %.0f views/s, %.1fx slower than the %.0f views/s"
                                + " docs/results.md measured on 2 idle cores: other work may share"
                                + " the cores. The numbers above do not depend on it, only the"
                                + " time it took.",
                        viewsPerSecond,
                        DOCUMENTED_VIEWS_PER_SECOND / viewsPerSecond,
                        DOCUMENTED_VIEWS_PER_SECOND));
    }

    private static EvalReport evaluate(
            PretrainConfig config,
            String encoder,
            Path out,
            Path pretrainRun,
            List<EvalReport.Compared> compared)
            throws IOException {
        LinearEvaluation.Settings s = new LinearEvaluation.Settings();
        s.encoder = encoder;
        s.name = pretrainRun == null ? FLOOR : method(config);
        s.compared = compared;
        s.dataset = config.data.dataset;
        s.data = config.data.path == null ? null : Path.of(config.data.path);
        s.classList = config.data.classList == null ? null : Path.of(config.data.classList);
        s.skipBadImages = config.data.skipBadImages;
        s.out = out;
        s.workers = config.run.workers;
        s.seed = config.run.seed;
        s.fast.seed = config.run.seed;
        if (pretrainRun != null) {
            s.pretrainRuns = List.of(pretrainRun.resolve("pretrain"));
        }
        return LinearEvaluation.run(s);
    }

    /** The floor and the pretrained encoder side by side. */
    static String table(
            PretrainConfig config, RunSummary summary, EvalReport floor, EvalReport pretrained) {
        String method = method(config);
        String row = "%-26s %12s %14s%n";
        StringBuilder t = new StringBuilder();
        t.append(
                String.format(
                        Locale.ROOT,
                        "%n%s on %s: %d steps, %.1f epochs, seed %d, %.0f s of pretraining%n%n",
                        method,
                        config.data.dataset.id(),
                        summary.steps(),
                        summary.epochs(),
                        config.run.seed,
                        summary.wallSeconds()));
        t.append(String.format(Locale.ROOT, row, "encoder", "kNN top-1", "linear top-1"));
        t.append(String.format(Locale.ROOT, row, FLOOR, pct(floor.knnTop1), pct(floor.top1)));
        t.append(
                String.format(
                        Locale.ROOT, row, method, pct(pretrained.knnTop1), pct(pretrained.top1)));
        return t.toString();
    }

    private static String method(PretrainConfig config) {
        return (config.method.kind == PretrainConfig.Method.MOCOV2 ? "MoCo v2" : "SimCLR")
                + (config.sec.weight > 0 ? " + SEC" : "");
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}

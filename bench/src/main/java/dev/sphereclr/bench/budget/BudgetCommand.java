package dev.sphereclr.bench.budget;

import dev.sphereclr.augment.cli.DatasetOptions;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommonOptions;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code budget}: a method with and without SEC vs random init under one budget of time or steps.
 */
@Command(
        name = "budget",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Pretrains the recipe's method (SimCLR or MoCo v2) with and without SEC for the same"
                    + " budget (minutes, or steps), evaluates both and the random-init floor (fast"
                    + " linear probe and kNN), and writes results.md, results.json and charts.",
            "Run it again with the same --out to finish an interrupted experiment."
        })
public final class BudgetCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Option(
            names = "--minutes",
            description = "Pretraining budget of each arm, wall clock (default: 60).")
    Double minutes;

    @Option(
            names = "--steps",
            description =
                    "Pretraining budget of each arm in steps, instead of --minutes: an equal-steps"
                            + " comparison.")
    Long steps;

    @Mixin DatasetOptions data;

    @Mixin ComputeOptions compute;

    @Option(
            names = "--schedule",
            description =
                    "side-by-side (both arms at once, each with --threads) or sequential (one"
                            + " after the other) (default: ${DEFAULT-VALUE}).")
    String schedule = "side-by-side";

    @Option(names = "--recipe", description = "Pretraining recipe (default: ${DEFAULT-VALUE}).")
    String recipe = "simclr-cifar10";

    @Option(names = "--arch", description = "Encoder (default: ${DEFAULT-VALUE}).")
    String arch = "resnet18";

    @Option(
            names = "--width",
            description = "Channel-width multiplier (default: ${DEFAULT-VALUE}).")
    double width = 0.25;

    @Option(names = "--batch-size", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(
            names = "--sec-weight",
            description = "SEC weight of the SEC arm (default: ${DEFAULT-VALUE}).")
    double secWeight = 0.01;

    @Option(
            names = "--l2-arm",
            description =
                    "Also run the L2-norm ablation: the SEC arm with mu = 0 (--sec-target zero),"
                            + " norms pulled toward zero instead of their batch mean.")
    boolean l2Arm;

    @Option(
            names = "--pretrain-args",
            description =
                    "More pretraining options for both arms, as one string (e.g. \"--lr 0.6"
                            + " --temperature 0.5\").")
    String pretrainArgs = "";

    @Option(names = "--out", description = "Experiment folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "budget");

    @Option(names = "--cache", description = "Feature cache (default: OUT/features).")
    Path cache;

    @Option(
            names = "--peer",
            description =
                    "bench/peer/peer_budget.py: also run the PyTorch peer's SimCLR under the same"
                            + " budget (ResNet-18 with our stem, width, batch and views; an image"
                            + " folder with train/ and test/ or val/) and its random-init floor.")
    Path peer;

    /**
     * Pretraining options budget sets itself, each with what to do instead: in {@code
     * --pretrain-args} they would be overridden per arm, or differ from what the peer and the
     * results are told.
     */
    private static final Map<String, String> OWNED =
            Map.ofEntries(
                    Map.entry("--recipe", "use budget's --recipe"),
                    Map.entry("--arch", "use budget's --arch"),
                    Map.entry("--width", "use budget's --width"),
                    Map.entry("--batch-size", "use budget's --batch-size"),
                    Map.entry("--sec-weight", "use budget's --sec-weight"),
                    Map.entry("--sec-target", "use --l2-arm for the L2-norm ablation"),
                    Map.entry("--minutes", "use budget's --minutes"),
                    Map.entry("--max-steps", "use budget's --steps"),
                    Map.entry("--seed", "use budget's --seed"),
                    Map.entry("--threads", "use budget's --threads"),
                    Map.entry("--workers", "use budget's --workers"),
                    Map.entry("--dataset", "use budget's --dataset"),
                    Map.entry("--data", "use budget's --data"),
                    Map.entry("--class-list", "use budget's --class-list"),
                    Map.entry("--skip-bad-images", "use budget's --skip-bad-images"),
                    Map.entry("--out", "use budget's --out"),
                    Map.entry("--knn-every", "budget measures kNN after pretraining"));

    /** The error for the first option of {@code args} that budget sets itself, or null. */
    static String ownedOption(List<String> args) {
        for (String a : args) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (OWNED.containsKey(name)) {
                return "--pretrain-args: "
                        + name
                        + " is set by budget for each arm: "
                        + OWNED.get(name);
            }
        }
        return null;
    }

    @Override
    public Integer call() {
        BudgetExperiment.Settings s = new BudgetExperiment.Settings();
        try {
            if (steps != null && minutes != null) {
                throw new IllegalArgumentException("give --minutes or --steps, not both");
            }
            if (steps != null && steps < 1) {
                throw new IllegalArgumentException("--steps = " + steps + " must be positive");
            }
            if (minutes != null && !(minutes > 0)) {
                throw new IllegalArgumentException("--minutes = " + minutes + " must be positive");
            }
            s.dataset = data.datasetOr(Datasets.Kind.CIFAR10);
            s.sideBySide =
                    switch (schedule.toLowerCase(Locale.ROOT)) {
                        case "side-by-side" -> true;
                        case "sequential" -> false;
                        default ->
                                throw new IllegalArgumentException(
                                        "--schedule = "
                                                + schedule
                                                + " is not one of: side-by-side, sequential");
                    };
            int cores = Runtime.getRuntime().availableProcessors();
            s.threads = compute.threadsOr(s.sideBySide ? Math.max(1, cores / 2) : cores);
            if (s.threads < 1 || compute.workersOr(1) < 1) {
                throw new IllegalArgumentException("--threads and --workers must be >= 1");
            }
            if (!(secWeight > 0)) {
                throw new IllegalArgumentException(
                        "--sec-weight = " + secWeight + " must be positive (the SEC arm)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        List<String> args = new ArrayList<>();
        args.addAll(
                List.of(
                        "--recipe",
                        recipe,
                        "--arch",
                        arch,
                        "--width",
                        Double.toString(width),
                        "--batch-size",
                        Integer.toString(batchSize)));
        if (!pretrainArgs.isBlank()) {
            List<String> more = List.of(pretrainArgs.trim().split("\\s+"));
            String owned = ownedOption(more);
            if (owned != null) {
                System.err.println(owned);
                return 2;
            }
            args.addAll(more);
        }
        s.minutes = minutes != null ? minutes : 60;
        s.steps = steps != null ? steps : 0;
        s.workers = compute.workersOr(1);
        s.data = data.data;
        s.classList = data.classList;
        s.skipBadImages = Boolean.TRUE.equals(data.skipBadImages);
        s.pretrainArgs = args;
        s.secWeight = secWeight;
        s.l2Arm = l2Arm;
        s.seed = compute.seedOr(ComputeOptions.DEFAULT_SEED);
        s.out = out;
        s.cache = cache;
        s.peer = peer;
        try {
            BudgetResults r = BudgetExperiment.run(s);
            for (BudgetResults.Arm a : r.arms) {
                System.out.printf(
                        Locale.ROOT,
                        "%-12s linear top-1 %.2f%%  kNN top-1 %.2f%%%n",
                        a.name,
                        100 * a.linearTop1,
                        100 * a.knnTop1);
            }
            System.out.println("results in " + out.resolve("results.md"));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("budget: " + e.getMessage());
            return Cli.exitCode(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("budget: interrupted");
            return 1;
        }
    }
}

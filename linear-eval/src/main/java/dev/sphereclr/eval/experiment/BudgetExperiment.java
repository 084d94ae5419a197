package dev.sphereclr.eval.experiment;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.runtime.Relauncher;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.Charts;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.eval.report.ReportWriter;
import dev.sphereclr.pretrain.cli.PretrainCommand;
import dev.sphereclr.pretrain.cli.PretrainMain;
import dev.sphereclr.pretrain.train.Json;
import dev.sphereclr.pretrain.train.PretrainConfig;
import dev.sphereclr.pretrain.train.ProcessStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SimCLR, SimCLR + SEC and the random-init floor under one wall-clock budget of pretraining, each
 * evaluated by the fast linear probe and weighted kNN.
 *
 * <p>Each arm is a pretraining run ({@code pretrain --minutes}) in a child JVM of its own, with its
 * own PyTorch thread count, so that two arms can share the machine side by side, each on its share
 * of the cores, and see the same conditions at the same time. One after the other, each arm gets
 * the whole machine. An arm whose folder already holds a finished run is not run again; one with
 * checkpoints but no summary is resumed, so an interrupted experiment loses nothing.
 *
 * <p>The output folder gets one folder per arm (the run, {@code pretrain.log}, {@code eval/}),
 * {@code results.json}, {@code results.md}, {@code accuracy.png} and the loss, norm-mean and
 * norm-variance curves of both pretraining arms on one plot each.
 *
 * <p>With {@link Settings#peer}, the PyTorch peer's SimCLR and random-init floor join the table and
 * the bars (see {@link PeerArm}); side by side, the peer's SimCLR shares the machine with our two
 * arms.
 */
public final class BudgetExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetExperiment.class);

    /** Everything the experiment needs. */
    public static final class Settings {
        /** Pretraining budget of each arm, in minutes of wall clock. */
        public double minutes = 60;

        /** Run the two pretraining arms at the same time (each on its share of the cores). */
        public boolean sideBySide = true;

        /** PyTorch threads per arm. */
        public int threads = 1;

        /** Data-loader threads per arm. */
        public int workers = 1;

        public Datasets.Kind dataset = Datasets.Kind.CIFAR10;
        public Path data;
        public Path classList;

        /** Leave unreadable images out of pretraining and evaluation instead of stopping. */
        public boolean skipBadImages;

        /** Pretraining options shared by both arms ({@code --recipe}, {@code --width}, ...). */
        public List<String> pretrainArgs = List.of();

        /** SEC weight of the SEC arm. */
        public double secWeight = 0.01;

        public long seed = 42;
        public Path out = Path.of("runs", "budget");
        public Path cache;

        /** Neighbours of the kNN evaluation. */
        public int knnK = 200;

        /** Threads of the evaluations, after pretraining. */
        public int evalThreads = Runtime.getRuntime().availableProcessors();

        /**
         * {@code peer_budget.py}, to add the PyTorch peer's SimCLR and random-init floor (see
         * {@link PeerArm}), or {@code null}.
         */
        public Path peer;
    }

    /** One arm's outcome, as results.json holds it. */
    public static final class Arm {
        public String name;
        public String encoder;
        public long steps;
        public double epochs;
        public double pretrainMinutes;
        public double viewsPerSecond;

        /** Contrastive loss at the end (without the SEC term), mean over the last 5% of steps. */
        public double finalLoss;

        public double finalNormVariance;
        public double linearTop1;
        public double linearTop5;
        public double knnTop1;
        public double knnTop5;
        public String report;

        /** Training images of the evaluation (not written to results.json). */
        transient int trainImages;
    }

    /** What results.json holds. */
    public static final class Results {
        public double minutes;
        public String schedule;
        public int threadsPerArm;
        public String dataset;
        public String data;
        public List<String> pretrainArgs;
        public double secWeight;
        public long seed;
        public List<Arm> arms = new ArrayList<>();
        public Map<String, Object> versions;
        public String allocator;
        public String peer;
        public String finished;
    }

    private BudgetExperiment() {}

    /** Runs what is missing of the experiment in {@code s.out} and writes its results. */
    public static Results run(Settings s) throws IOException, InterruptedException {
        Files.createDirectories(s.out);
        List<ArmRun> runs =
                List.of(
                        new ArmRun("simclr", s, List.of("--sec-weight", "0")),
                        new ArmRun(
                                "simclr-sec",
                                s,
                                List.of("--sec-weight", Double.toString(s.secWeight))));
        for (ArmRun r : runs) {
            r.plan(); // refuses bad settings before any arm starts
        }
        List<PeerArm> peers = List.of();
        if (s.peer != null) {
            PretrainConfig ours = runs.get(0).config();
            peers =
                    List.of(
                            PeerArm.of("pytorch-random-init", 0, s, ours),
                            PeerArm.of("pytorch-simclr", s.minutes, s, ours));
        }
        if (s.sideBySide) {
            // The peer's SimCLR shares the machine with ours; its floor needs no budget.
            for (ArmRun r : runs) {
                r.start();
            }
            if (!peers.isEmpty()) {
                peers.get(1).start();
            }
            for (ArmRun r : runs) {
                r.await();
            }
            for (PeerArm p : peers) {
                p.start();
                p.await();
            }
        } else {
            for (ArmRun r : runs) {
                r.start();
                r.await();
            }
            for (PeerArm p : peers) {
                p.start();
                p.await();
            }
        }

        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(s.evalThreads));
        Results results = new Results();
        results.minutes = s.minutes;
        results.schedule = s.sideBySide ? "side by side" : "one after the other";
        results.threadsPerArm = s.threads;
        results.dataset = s.dataset.id();
        results.data = s.data == null ? s.dataset.defaultSource() : s.data.toString();
        results.pretrainArgs = s.pretrainArgs;
        results.secWeight = s.secWeight;
        results.seed = s.seed;
        JsonObject manifest =
                JsonParser.parseString(
                                Files.readString(
                                        runs.get(0).folder.resolve("encoder/manifest.json"),
                                        StandardCharsets.UTF_8))
                        .getAsJsonObject();
        String floor =
                String.format(
                        Locale.ROOT,
                        "random:%s-%s@%s",
                        manifest.get("architecture").getAsString(),
                        manifest.get("stem").getAsString(),
                        manifest.get("width").getAsString());
        results.arms.add(evaluate("random-init", floor, null, s));
        int trainImages = 0;
        for (ArmRun r : runs) {
            Arm a = evaluate(r.name, r.folder.resolve("encoder").toString(), r.folder, s);
            trainImages = a.trainImages;
            results.arms.add(a);
        }
        for (PeerArm p : peers) {
            results.arms.add(p.result(trainImages));
        }
        results.peer = s.peer == null ? "none" : s.peer.toString();
        for (Arm a : results.arms) {
            LOG.info(
                    "{}: linear top-1 {}, kNN top-1 {}",
                    a.name,
                    String.format(Locale.ROOT, "%.4f", a.linearTop1),
                    String.format(Locale.ROOT, "%.4f", a.knnTop1));
        }
        results.versions = ProcessStats.versions();
        results.allocator = dev.sphereclr.augment.runtime.NativeAllocator.describe();
        results.finished = Instant.now().toString();
        write(results, runs, s.out);
        return results;
    }

    /** One pretraining arm: a child JVM running {@code pretrain --minutes}. */
    private static final class ArmRun {
        final String name;
        final Path folder;
        final Settings settings;
        final List<String> armArgs;
        Process process;

        ArmRun(String name, Settings s, List<String> armArgs) {
            this.name = name;
            this.folder = s.out.resolve(name);
            this.settings = s;
            this.armArgs = armArgs;
        }

        List<String> args;

        /** The configuration of a new run of this arm. */
        PretrainConfig config() {
            return PretrainCommand.parseConfig(freshArgs());
        }

        private List<String> freshArgs() {
            List<String> fresh = new ArrayList<>(settings.pretrainArgs);
            fresh.addAll(armArgs);
            fresh.addAll(
                    List.of(
                            "--dataset",
                            settings.dataset.id(),
                            "--minutes",
                            Double.toString(settings.minutes),
                            "--seed",
                            Long.toString(settings.seed),
                            "--knn-every",
                            "0",
                            "--out",
                            folder.toString()));
            if (settings.data != null) {
                fresh.addAll(List.of("--data", settings.data.toString()));
            }
            if (settings.classList != null) {
                fresh.addAll(List.of("--class-list", settings.classList.toString()));
            }
            if (settings.skipBadImages) {
                fresh.add("--skip-bad-images");
            }
            fresh.addAll(
                    List.of(
                            "--threads",
                            Integer.toString(settings.threads),
                            "--workers",
                            Integer.toString(settings.workers)));
            return fresh;
        }

        /** Decides what to run: nothing, a resume or a new run, whose settings are validated. */
        void plan() throws IOException {
            if (Files.isRegularFile(folder.resolve("summary.json"))) {
                args = null;
                return;
            }
            args = new ArrayList<>();
            Path checkpoints = folder.resolve("checkpoints");
            boolean resume;
            try (var list = Files.isDirectory(checkpoints) ? Files.list(checkpoints) : null) {
                resume = list != null && list.findAny().isPresent();
            }
            if (resume) {
                args.addAll(
                        List.of(
                                "--resume",
                                "--out",
                                folder.toString(),
                                "--threads",
                                Integer.toString(settings.threads),
                                "--workers",
                                Integer.toString(settings.workers)));
            } else {
                if (Files.isRegularFile(folder.resolve("config.json"))) {
                    // Started but stopped before its first checkpoint: nothing to keep.
                    Files.delete(folder.resolve("config.json"));
                    Files.deleteIfExists(folder.resolve("metrics.csv"));
                }
                args.addAll(freshArgs());
                try {
                    PretrainCommand.parseConfig(args);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " arm: " + e.getMessage(), e);
                }
            }
        }

        void start() throws IOException {
            if (args == null) {
                LOG.info("{}: already pretrained in {}; not run again", name, folder);
                return;
            }
            boolean resume = args.contains("--resume");
            Files.createDirectories(folder.getParent());
            Path log = folder.resolveSibling(name + ".log");
            List<String> command;
            try {
                command = Relauncher.javaCommand(PretrainMain.class, args);
            } catch (java.net.URISyntaxException e) {
                throw new IOException("cannot find the class path of the pretrain module", e);
            }
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // OpenMP sizes its pool per process: keep each arm on its share of the cores.
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(settings.threads));
            LOG.info(
                    "{}: {} {} minutes of pretraining, {} threads; log in {}",
                    name,
                    resume ? "resuming" : "starting",
                    settings.minutes,
                    settings.threads,
                    log);
            process = builder.start();
        }

        void await() throws IOException, InterruptedException {
            if (process == null) {
                return;
            }
            int code = waitFor(process);
            if (code != 0 || !Files.isRegularFile(folder.resolve("summary.json"))) {
                throw new IOException(
                        name
                                + ": pretraining failed (exit code "
                                + code
                                + "); see "
                                + folder.resolveSibling(name + ".log")
                                + ". Run the same command again to resume it.");
            }
        }
    }

    /**
     * Waits for an arm's process and returns its exit code; the process is destroyed if this JVM is
     * stopped meanwhile, so that no arm outlives the experiment.
     */
    static int waitFor(Process process) throws InterruptedException {
        Thread reaper = new Thread(process::destroy, "sphereclr-arm-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return process.waitFor();
        } finally {
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
    }

    private static Arm evaluate(String name, String encoder, Path run, Settings s)
            throws IOException {
        LinearEvaluation.Settings e = new LinearEvaluation.Settings();
        e.encoder = encoder;
        e.dataset = s.dataset;
        e.data = s.data;
        e.classList = s.classList;
        e.skipBadImages = s.skipBadImages;
        e.out = s.out.resolve("eval-" + name);
        e.cache = s.cache != null ? s.cache : s.out.resolve("features");
        e.workers = Math.max(1, s.evalThreads - 1);
        e.knnK = s.knnK;
        e.seed = s.seed;
        e.fast.seed = s.seed;
        e.pretrainRuns = run == null ? List.of() : List.of(run);
        EvalReport r = LinearEvaluation.run(e);
        Arm a = new Arm();
        a.name = name;
        a.encoder = encoder;
        a.linearTop1 = r.top1;
        a.linearTop5 = r.top5;
        a.knnTop1 = r.knnTop1;
        a.knnTop5 = r.knnTop5;
        a.trainImages = r.trainImages;
        a.report = e.out.resolve("report.md").toString();
        a.finalLoss = Double.NaN;
        a.finalNormVariance = Double.NaN;
        if (run != null) {
            JsonObject summary =
                    JsonParser.parseString(
                                    Files.readString(
                                            run.resolve("summary.json"), StandardCharsets.UTF_8))
                            .getAsJsonObject();
            a.steps = summary.get("steps").getAsLong();
            a.viewsPerSecond = summary.get("medianViewsPerSecond").getAsDouble();
            a.pretrainMinutes = summary.get("wallSeconds").getAsDouble() / 60;
            int batch = summary.getAsJsonObject("config").get("batchSize").getAsInt();
            a.epochs = (double) a.steps * batch / r.trainImages;
            double[] tail = tailMeans(run.resolve("metrics.csv"));
            a.finalLoss = tail[0];
            a.finalNormVariance = tail[1];
        }
        return a;
    }

    /**
     * Mean contrastive loss (without the SEC term, so that both arms compare) and norm variance
     * over the last 5% of a run's steps (at least one step).
     */
    static double[] tailMeans(Path metrics) throws IOException {
        List<String> rows = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        int n = rows.size() - 1;
        if (n < 1) {
            throw new IOException(metrics + ": no steps recorded");
        }
        int tail = Math.max(1, n / 20);
        double loss = 0;
        double variance = 0;
        for (String row : rows.subList(rows.size() - tail, rows.size())) {
            String[] f = row.split(",", -1);
            loss += Double.parseDouble(f[4]);
            variance += Double.parseDouble(f[8]);
        }
        return new double[] {loss / tail, variance / tail};
    }

    private static void write(Results results, List<ArmRun> runs, Path out) throws IOException {
        Json.write(out.resolve("results.json"), results);
        List<String> names = new ArrayList<>();
        double[][] accuracy = new double[2][results.arms.size()];
        for (int i = 0; i < results.arms.size(); i++) {
            Arm a = results.arms.get(i);
            names.add(a.name);
            accuracy[0][i] = a.linearTop1;
            accuracy[1][i] = a.knnTop1;
        }
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put(
                "accuracy.png",
                Charts.bars(
                        String.format(
                                Locale.ROOT,
                                "%s top-1 after %.4g minutes of pretraining",
                                results.dataset,
                                results.minutes),
                        names,
                        List.of("linear probe", "kNN"),
                        accuracy));
        charts.putAll(
                ReportWriter.pretrainCurves(
                        runs.stream().map(r -> r.folder).toList(),
                        runs.stream().map(r -> r.name).toList()));
        for (Map.Entry<String, byte[]> c : charts.entrySet()) {
            Files.write(out.resolve(c.getKey()), c.getValue());
        }
        Json.writeString(out.resolve("results.md"), markdown(results, charts.keySet()));
    }

    /** A table cell: the value formatted, or empty where the arm does not report it. */
    private static String cell(String format, double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
    }

    static String markdown(Results r, Iterable<String> charts) {
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "# Budget experiment: %.4g minutes of pretraining per arm (%s, %d PyTorch thread(s)"
                                + " each)\n\n",
                        r.minutes,
                        r.schedule,
                        r.threadsPerArm));
        s.append("Dataset: ").append(r.dataset).append(" (").append(r.data).append(")  \n");
        s.append("Pretraining options: `")
                .append(String.join(" ", r.pretrainArgs))
                .append("`, SEC weight ")
                .append(r.secWeight)
                .append(", seed ")
                .append(r.seed)
                .append("  \n");
        s.append("Allocator: ").append(r.allocator).append("\n\n");
        if (r.peer != null && !r.peer.equals("none")) {
            s.append(
                    "The pytorch-* rows are the PyTorch peer (`"
                            + r.peer
                            + "`): the same network, width and batch, with its own optimizer and"
                            + " temperature, probe and kNN, on the same images.\n\n");
        }
        s.append(
                "| encoder | steps | epochs | views/s | linear top-1 | linear top-5 | kNN top-1 |"
                        + " final contrastive loss | final var ‖z‖ |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Arm a : r.arms) {
            boolean floor = a.steps == 0;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                            a.name,
                            floor ? "0" : Long.toString(a.steps),
                            floor ? "0" : String.format(Locale.ROOT, "%.2f", a.epochs),
                            floor ? "" : String.format(Locale.ROOT, "%.0f", a.viewsPerSecond),
                            cell("%.2f%%", 100 * a.linearTop1),
                            cell("%.2f%%", 100 * a.linearTop5),
                            cell("%.2f%%", 100 * a.knnTop1),
                            floor ? "" : cell("%.4f", a.finalLoss),
                            floor ? "" : cell("%.4g", a.finalNormVariance)));
        }
        s.append(
                "\nFinal contrastive loss (NT-Xent without the SEC term) and norm variance are means"
                        + " over the last 5% of steps. Linear probe:"
                        + " the fast protocol (logistic regression on standardized frozen features)."
                        + " kNN: weighted, k 200, T 0.1.\n\n");
        for (String chart : charts) {
            s.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        return s.toString();
    }
}

package dev.sphereclr.bench.budget;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.watch.ProcessStats;
import dev.sphereclr.runtime.NativeAllocator;
import dev.sphereclr.runtime.io.FolderLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipe's method (SimCLR or MoCo v2) with and without SEC (and optionally SEC's L2-norm
 * ablation) and the random-init floor under one budget of pretraining (wall clock or, for an
 * equal-steps comparison, steps), each evaluated by the fast linear probe and weighted kNN.
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

        /** Steps of each arm instead of minutes, for an equal-steps comparison (0: by minutes). */
        public long steps;

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

        /**
         * Also run the SEC paper's L2-norm ablation: the SEC arm with {@code mu = 0}, which pulls
         * every norm toward zero instead of toward the batch mean.
         */
        public boolean l2Arm;

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

    private BudgetExperiment() {}

    /** Runs what is missing of the experiment in {@code s.out} and writes its results. */
    @SuppressWarnings("try") // the lock is held for the scope, not used
    public static BudgetResults run(Settings s) throws IOException, InterruptedException {
        Datasets.check(s.dataset, s.data); // before an arm starts or a folder is made
        try (FolderLock lock = FolderLock.acquire(s.out, "--out")) {
            return runLocked(s);
        }
    }

    private static BudgetResults runLocked(Settings s) throws IOException, InterruptedException {
        List<ArmRun> runs = arms(s);
        for (ArmRun r : runs) {
            r.plan(); // refuses bad settings before any arm starts
        }
        List<PeerArm> peers = List.of();
        if (s.peer != null) {
            if (s.steps > 0) {
                throw new IllegalArgumentException(
                        "--peer needs a budget in --minutes: the peer's budget is wall clock");
            }
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

        EngineThreads.set(s.evalThreads);
        BudgetResults results = new BudgetResults();
        results.minutes = s.minutes;
        results.stepsPerArm = s.steps;
        results.schedule = s.sideBySide ? "side by side" : "one after the other";
        results.threadsPerArm = s.threads;
        results.dataset = s.dataset.id();
        results.data = s.data == null ? s.dataset.defaultSource() : s.data.toString();
        results.pretrainArgs = s.pretrainArgs;
        results.secWeight = s.secWeight;
        results.seed = s.seed;
        EncoderManifest manifest =
                Json.read(
                        runs.get(0).folder.resolve("encoder/manifest.json"), EncoderManifest.class);
        String floor =
                String.format(
                        Locale.ROOT,
                        "random:%s-%s@%s",
                        manifest.architecture,
                        manifest.stem,
                        manifest.width);
        // The floor sees the images as the arms' encoders do: their input size and normalization.
        SafetensorsEncoder.Options asTheArms =
                new SafetensorsEncoder.Options(
                        manifest.inputSize, manifest.normalizationMean, manifest.normalizationStd);
        results.arms.add(evaluate("random-init", floor, null, s, asTheArms));
        int trainImages = 0;
        for (ArmRun r : runs) {
            BudgetResults.Arm a =
                    evaluate(
                            r.name,
                            r.folder.resolve("encoder").toString(),
                            r.folder,
                            s,
                            SafetensorsEncoder.Options.NONE);
            trainImages = a.trainImages;
            results.arms.add(a);
        }
        for (PeerArm p : peers) {
            results.arms.add(p.result(trainImages));
        }
        results.peer = s.peer == null ? "none" : s.peer.toString();
        for (BudgetResults.Arm a : results.arms) {
            LOG.info(
                    "{}: linear top-1 {}, kNN top-1 {}",
                    a.name,
                    String.format(Locale.ROOT, "%.4f", a.linearTop1),
                    String.format(Locale.ROOT, "%.4f", a.knnTop1));
        }
        results.versions = ProcessStats.versions();
        results.allocator = NativeAllocator.describe();
        results.finished = Instant.now().toString();
        results.write(
                runs.stream().map(r -> r.folder).toList(),
                runs.stream().map(r -> r.name).toList(),
                s.out);
        return results;
    }

    /**
     * The pretraining arms of {@code s}, named after the recipe's method ({@code simclr} or {@code
     * mocov2}): the method alone, with SEC ({@code -sec}) and, if asked for, with the L2-norm
     * ablation ({@code -l2}).
     */
    static List<ArmRun> arms(Settings s) {
        String method =
                new ArmRun("method", s, List.of())
                        .config()
                        .method
                        .kind
                        .name()
                        .toLowerCase(Locale.ROOT);
        String weight = Double.toString(s.secWeight);
        List<ArmRun> arms = new ArrayList<>();
        arms.add(new ArmRun(method, s, List.of("--sec-weight", "0")));
        arms.add(new ArmRun(method + "-sec", s, List.of("--sec-weight", weight)));
        if (s.l2Arm) {
            arms.add(
                    new ArmRun(
                            method + "-l2",
                            s,
                            List.of("--sec-weight", weight, "--sec-target", "zero")));
        }
        return arms;
    }

    /** The fast linear probe and kNN of one encoder, with its run's numbers if it has one. */
    private static BudgetResults.Arm evaluate(
            String name, String encoder, Path run, Settings s, SafetensorsEncoder.Options input)
            throws IOException {
        LinearEvaluation.Settings e = new LinearEvaluation.Settings();
        e.encoder = encoder;
        e.foreign = input;
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
        BudgetResults.Arm a = new BudgetResults.Arm();
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
            int batch =
                    Json.GSON.fromJson(summary.get("config"), PretrainConfig.class)
                            .budget
                            .batchSize;
            a.epochs = (double) a.steps * batch / r.trainImages;
            double[] tail = BudgetResults.tailMeans(run.resolve("metrics.csv"));
            a.finalLoss = tail[0];
            a.finalNormVariance = tail[1];
        }
        return a;
    }
}

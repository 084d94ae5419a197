package dev.sphereclr.pretrain.train;

import ai.djl.ndarray.NDManager;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.method.ContrastiveMethod;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.run.Checkpoints;
import dev.sphereclr.pretrain.run.RunExport;
import dev.sphereclr.pretrain.run.RunFolder;
import dev.sphereclr.pretrain.run.RunState;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.watch.DivergenceCheck;
import dev.sphereclr.pretrain.watch.KnnCheck;
import dev.sphereclr.pretrain.watch.MetricsLog;
import dev.sphereclr.pretrain.watch.ProgressBar;
import dev.sphereclr.pretrain.watch.StepEvent;
import dev.sphereclr.pretrain.watch.StepListener;
import dev.sphereclr.runtime.io.FolderLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pretraining run in a run folder: {@code config.json}, {@code metrics.csv}, {@code
 * checkpoints/}, {@code encoder/} (the frozen-encoder export) and {@code summary.json}.
 *
 * <p>The loop: a batch, a {@link TrainingStep}, the {@link StepListener}s (kNN monitor, metrics,
 * divergence check, progress bar), a checkpoint of the {@link RunState} now and then, until the
 * {@link TrainingBudget} is spent. A step's loss parts are read from the device only on logged
 * steps ({@code --log-every}) and before every checkpoint.
 */
public final class PretrainRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainRun.class);

    private final PretrainConfig config;
    private final Path out;
    private final NDManager manager;
    private final RunAssembly parts;
    private final TrainingBudget budget;
    private final TrainingStep trainingStep;
    private final RunState state;
    private final Checkpoints checkpoints;
    private final FolderLock lock;
    private final GracefulStop stop;
    private LongSupplier clock = System::nanoTime;

    private PretrainRun(
            PretrainConfig config,
            Path out,
            BatchSource givenSource,
            boolean resume,
            boolean allowUnchecked,
            FolderLock lock,
            GracefulStop stop)
            throws IOException {
        this.lock = lock;
        this.stop = stop;
        this.config = config.validate();
        this.out = out;
        this.manager = NDManager.newBaseManager(Devices.of(config.runDevice()));
        this.parts = RunAssembly.build(config, manager, givenSource, !resume);
        this.budget = TrainingBudget.of(config, parts.source().batchesPerEpoch());
        this.trainingStep =
                new TrainingStep(
                        manager,
                        parts.uploads(),
                        parts.objective(),
                        parts.optimizer(),
                        parts.params(),
                        config.effectiveChunk(),
                        parts.replicas());
        this.state =
                new RunState(
                        parts.model(),
                        parts.params(),
                        parts.optimizer(),
                        parts.objective(),
                        parts.source().batchesPerEpoch(),
                        manager,
                        config);
        this.checkpoints =
                new Checkpoints(
                        out.resolve("checkpoints"), config.run.keepCheckpoints, allowUnchecked);
        RunFolder.prepare(out, checkpoints, resume);
        if (resume) {
            state.restoreNewest(checkpoints);
            parts.replicas().broadcast();
            LOG.info(
                    "resuming {} at step {} (epoch {}, batch {})",
                    out,
                    state.step(),
                    state.nextEpoch(),
                    state.nextPosition());
            int cores = Runtime.getRuntime().availableProcessors();
            if (config.run.threads != cores) {
                LOG.warn(
                        "resuming with {} threads, as stored in config.json, on {} cores: the"
                                + " same thread count keeps the run bit-identical to an unbroken"
                                + " one; --threads {} with --resume uses every core and gives that"
                                + " up",
                        config.run.threads,
                        cores,
                        cores);
            }
        }
        RunFolder.record(out, config);
        parts.source().start(state.nextEpoch(), state.nextPosition());
        if (parts.resolution() != null) {
            parts.resolution().apply(state.step(), progress());
        }
    }

    /**
     * Starts a new run in {@code out}.
     *
     * @param source batches to train on, or {@code null} to read the configured dataset
     */
    public static PretrainRun create(PretrainConfig config, Path out, BatchSource source)
            throws IOException {
        return open(config, out, source, false, false);
    }

    /**
     * Continues the run in {@code out} from its newest checkpoint, with the settings it was started
     * with ({@code config.json}), {@code workers} changed if given.
     */
    public static PretrainRun resume(Path out, BatchSource source, Integer workers)
            throws IOException {
        PretrainConfig config = RunFolder.storedConfig(out);
        if (workers != null) {
            config.run.workers = workers;
        }
        return resumeWith(out, source, config);
    }

    /**
     * Continues the run in {@code out} with {@code settings}: its {@link RunFolder#storedConfig}
     * with at most the settings {@link PretrainConfig#CHANGEABLE_ON_RESUME} changed.
     */
    public static PretrainRun resumeWith(Path out, BatchSource source, PretrainConfig settings)
            throws IOException {
        return resumeWith(out, source, settings, false);
    }

    /**
     * As {@link #resumeWith(Path, BatchSource, PretrainConfig)}; with {@code allowUnchecked}, a
     * checkpoint written before checkpoints carried checksums is restored too.
     */
    public static PretrainRun resumeWith(
            Path out, BatchSource source, PretrainConfig settings, boolean allowUnchecked)
            throws IOException {
        return open(settings, out, source, true, allowUnchecked);
    }

    /** Locks {@code out} for this process, then builds the run; the lock ends with the run. */
    private static PretrainRun open(
            PretrainConfig config,
            Path out,
            BatchSource source,
            boolean resume,
            boolean allowUnchecked)
            throws IOException {
        // Bad settings, a missing device or missing data are refused before anything is written.
        config.validate();
        Devices.of(config.runDevice());
        if (source == null) {
            TrainingData.check(config);
        }
        FolderLock lock = FolderLock.acquire(out, "--out");
        GracefulStop stop = GracefulStop.install();
        try {
            return new PretrainRun(config, out, source, resume, allowUnchecked, lock, stop);
        } catch (IOException | RuntimeException e) {
            lock.close();
            stop.close();
            throw e;
        }
    }

    /** The settings. */
    public PretrainConfig config() {
        return config;
    }

    /** Whether the run ended early because the JVM was asked to stop (SIGTERM). */
    public boolean stopped() {
        return stop.requested() && !finished();
    }

    /** Steps done so far. */
    public long step() {
        return state.step();
    }

    /** The method (its state: SEC mean, MoCo key encoder and queue). */
    public ContrastiveMethod method() {
        return parts.objective().method();
    }

    /** The model being trained. */
    public SslModel model() {
        return parts.model();
    }

    /** Runs to the end: trains, checkpoints, exports the encoder and writes the summary. */
    public RunSummary run() throws IOException {
        return run(Long.MAX_VALUE);
    }

    /**
     * Runs until {@code stopAfter} steps are done (or the end), checkpointing there as an
     * interruption would find it; the end of the run also exports and summarizes.
     */
    public RunSummary run(long stopAfter) throws IOException {
        long started = System.nanoTime();
        LOG.info(
                "{} on {}: {} ({} steps per epoch), batch {}, peak lr {}, SEC weight {}",
                Json.id(config.method.kind),
                parts.datasetDescription(),
                budget,
                parts.source().batchesPerEpoch(),
                config.budget.batchSize,
                String.format(Locale.ROOT, "%.4g", budget.peakLearningRate()),
                config.sec.weight);
        ProgressBar bar = budget.progressBar(state.step());
        try (MetricsLog metrics =
                MetricsLog.open(
                        out.resolve("metrics.csv"),
                        state.step(),
                        parts.objective().regularizers())) {
            List<StepListener> listeners = new ArrayList<>();
            KnnCheck knn = null;
            if (parts.monitor() != null) {
                knn = new KnnCheck(parts.monitor(), config.run.knnEvery, parts.model(), manager);
                listeners.add(knn);
                metrics.withKnn(knn::top1At);
            }
            listeners.add(metrics);
            listeners.add(new DivergenceCheck(parts.params(), manager, checkpoints::latest));
            listeners.add(bar);
            if (parts.resolution() != null) {
                listeners.add(parts.resolution());
            }
            boolean stopping = false;
            while (!finished() && state.step() < stopAfter && !stopping) {
                long t0 = clock.getAsLong();
                Batch batch = parts.source().next();
                long t1 = clock.getAsLong();
                long step = state.step();
                double progress = progress();
                double lr = budget.learningRate(step, progress);
                boolean check = (step + 1) % config.run.logEvery == 0;
                boolean taken = trainingStep.run(batch, step, lr, progress, check);
                double seconds = (clock.getAsLong() - t0) / 1e9;
                double speed = (double) batch.views().length * batch.size() / seconds;
                state.advance(batch, taken ? seconds : 0);
                boolean epochEnd = state.nextPosition() == 0;
                // Read once: the step a stop arrives in is checkpointed and logged like any other.
                stopping = stop.requested();
                boolean save = saveNow(stopAfter) || stopping;
                boolean log =
                        check
                                || save
                                || !taken
                                || knn != null && knn.due(epochEnd, state.nextEpoch());
                StepEvent event =
                        new StepEvent(
                                state.step(),
                                batch.epoch(),
                                epochEnd,
                                state.nextEpoch(),
                                progress(),
                                lr,
                                log ? trainingStep.values() : null,
                                speed,
                                (t1 - t0) / 1e6);
                for (StepListener listener : listeners) {
                    listener.afterStep(event);
                }
                if (save) {
                    metrics.sync(); // the history reaches the disk before the checkpoint does
                    state.save(checkpoints, (System.nanoTime() - started) / 1e9);
                }
            }
        } finally {
            bar.finish();
        }
        return finish(started);
    }

    private boolean saveNow(long stopAfter) {
        long step = state.step();
        return step % config.run.checkpointEvery == 0 || finished() || step == stopAfter;
    }

    /**
     * Exports and summarizes when the run is over; returns the summary either way. The summary is
     * the whole run's, whatever number of processes it took: the loss, norm variance and speed from
     * {@code metrics.csv}, the wall time and peak memory carried by the checkpoints.
     */
    private RunSummary finish(long started) throws IOException {
        double wall = state.wallBefore() + (System.nanoTime() - started) / 1e9;
        Path encoder = out.resolve("encoder");
        if (finished()) {
            exportEncoder(encoder);
        }
        RunSummary summary =
                state.summary(
                        MetricsLog.rows(out.resolve("metrics.csv")),
                        wall,
                        encoder,
                        parts.skippedImages().getAsInt());
        if (finished()) {
            Json.write(out.resolve("summary.json"), summary);
            LOG.info(
                    "done: {} steps in {} s, final loss {}, encoder in {}",
                    state.step(),
                    String.format(Locale.ROOT, "%.1f", wall),
                    summary.finalLoss(),
                    encoder);
        }
        return summary;
    }

    /** Replaces the clock that times steps and spends a budget (tests use a fake one). */
    void useClock(LongSupplier nanoTime) {
        this.clock = nanoTime;
    }

    private boolean finished() {
        return budget.finished(state.step(), state.trainedSeconds());
    }

    private double progress() {
        return budget.progress(state.step(), state.trainedSeconds());
    }

    /** Writes the frozen-encoder export of the current model into {@code folder}. */
    public void exportEncoder(Path folder) throws IOException {
        RunExport.write(folder, parts.model(), config, state.step(), state.epochsTrained());
    }

    @Override
    public void close() {
        trainingStep.close();
        parts.source().close();
        parts.objective().close();
        parts.optimizer().close();
        manager.close();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("could not release the lock of {}: {}", out, e.toString());
        }
        stop.close(); // last: a waiting shutdown may now halt the JVM
    }
}

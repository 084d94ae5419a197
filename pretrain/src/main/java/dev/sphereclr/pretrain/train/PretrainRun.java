package dev.sphereclr.pretrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.google.common.math.Quantiles;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.data.ImageFolder;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.loader.TensorLayout;
import dev.sphereclr.augment.loader.UploadBuffers;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.pretrain.export.EncoderExport;
import dev.sphereclr.pretrain.export.EncoderManifest;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.method.ContrastiveMethod;
import dev.sphereclr.pretrain.method.LossParts;
import dev.sphereclr.pretrain.method.MoCoV2;
import dev.sphereclr.pretrain.method.SimClr;
import dev.sphereclr.pretrain.nn.ProjectionHead;
import dev.sphereclr.pretrain.nn.ResNet;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.nn.Stem;
import dev.sphereclr.pretrain.optim.AdamW;
import dev.sphereclr.pretrain.optim.Lars;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.optim.Sgd;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pretraining run in a run folder: {@code config.json}, {@code metrics.csv}, {@code
 * checkpoints/}, {@code encoder/} (the frozen-encoder export) and {@code summary.json}.
 *
 * <p>A step: both views through encoder and head, the method's loss, backward, optimizer step with
 * the schedule's rate. Every step runs in its own {@link NDManager} scope; the forward pass's
 * arrays live in a nested scope that closes before backward, so the Java side holds nothing the
 * autograd graph does not need and the backward pass frees activations as it goes.
 */
public final class PretrainRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainRun.class);

    private final PretrainConfig config;
    private final Path out;
    private final NDManager manager;
    private final ContrastiveMethod method;
    private final SslModel model;
    private final List<TrainableParameter> params;
    private final Optimizer optimizer;
    private final BatchSource source;
    private final LearningRateSchedule schedule;
    private final Checkpoints checkpoints;
    private final long totalSteps;
    private final int stepsPerEpoch;
    private final String datasetDescription;
    private final dev.sphereclr.pretrain.knn.KnnMonitor monitor;
    private final UploadBuffers uploads;
    private long step;
    private double trainedSeconds;
    private java.util.function.LongSupplier clock = System::nanoTime;
    private int nextEpoch;
    private int nextPosition;
    private final RunLock lock;
    private int skipped;

    private PretrainRun(
            PretrainConfig config, Path out, BatchSource givenSource, boolean resume, RunLock lock)
            throws IOException {
        this.lock = lock;
        this.config = config.validate();
        this.out = out;
        Device device = device(config.device);
        this.manager = NDManager.newBaseManager(device);
        // Before seeding: the probe's throwaway model must not move the run's random streams.
        TensorLayout layout = resolveLayout(config, manager);
        this.uploads = new UploadBuffers(layout);
        Engine.getInstance().setRandomSeed((int) config.seed);
        BatchSource built = null;
        String description = "random input";
        if (givenSource == null) {
            ImageDataset data = TrainingData.open(config, true);
            skipped = data instanceof ImageFolder folder ? folder.skipped() : 0;
            description = data.describe();
            ViewConfig view = Presets.byName(config.resolvedAugmentation(), config.imageSize);
            built =
                    BatchLoader.builder()
                            .setDataset(data)
                            .setTransform(MultiViewTransform.of(view, 2))
                            .setBatchSize(config.batchSize)
                            .optSeed(config.seed)
                            .optWorkers(config.workers)
                            .build();
        }
        this.source = givenSource != null ? givenSource : built;
        if (config.knnEvery > 0 && givenSource == null) {
            ViewConfig eval =
                    config.imageSize <= 64
                            ? Presets.evalCifar()
                            : Presets.evalImageNet(config.imageSize);
            this.monitor =
                    new dev.sphereclr.pretrain.knn.KnnMonitor(
                            TrainingData.open(config, true),
                            TrainingData.open(config, false),
                            eval,
                            config.knnTrainLimit,
                            config.workers,
                            layout,
                            dev.sphereclr.pretrain.knn.WeightedKnn.standard());
        } else {
            this.monitor = null;
        }
        this.datasetDescription = description;
        this.stepsPerEpoch = source.batchesPerEpoch();
        long epochSteps = (long) config.epochs * stepsPerEpoch;
        this.totalSteps = config.maxSteps > 0 ? Math.min(config.maxSteps, epochSteps) : epochSteps;
        long warmup = Math.round(config.warmupEpochs * stepsPerEpoch);
        if (config.minutes > 0) {
            warmup = 0; // the budget's schedule warms up by time (atFraction)
        } else if (warmup >= totalSteps) {
            long capped = totalSteps / 10;
            LOG.warn(
                    "--warmup-epochs {} is {} steps, not shorter than the run's {}; warming up for {}"
                            + " steps instead",
                    config.warmupEpochs,
                    warmup,
                    totalSteps,
                    capped);
            warmup = capped;
        }
        this.schedule =
                new LearningRateSchedule(
                        config.lrScaling.apply(config.lr, config.batchSize),
                        0,
                        warmup,
                        Math.max(totalSteps, warmup + 1));

        this.model = buildModel(config, manager);
        this.params = TrainableParameter.of(model);
        this.optimizer =
                switch (config.optimizer) {
                    case LARS ->
                            new Lars(
                                    manager,
                                    config.momentum,
                                    config.weightDecay,
                                    config.trustCoefficient);
                    case SGD -> new Sgd(manager, config.momentum, config.weightDecay);
                    case ADAMW -> new AdamW(manager, config.weightDecay);
                };
        SphericalEmbeddingConstraint sec =
                new SphericalEmbeddingConstraint(config.secTarget, config.secMomentum);
        this.method =
                switch (config.method) {
                    case SIMCLR -> new SimClr(model, config.temperature, sec);
                    case MOCOV2 -> new MoCoV2(model, manager, config, sec);
                };
        this.checkpoints = new Checkpoints(out.resolve("checkpoints"), config.keepCheckpoints);
        if (resume) {
            restore();
            // The settings a resume may change (threads, workers, checkpoint cadence) are recorded.
            Json.write(out.resolve("config.json"), config);
        } else {
            if (!checkpoints.list().isEmpty()) {
                throw new IOException(
                        out
                                + " already holds a run with checkpoints; resume it with --resume or choose another --out");
            }
            Files.createDirectories(out);
            Json.write(out.resolve("config.json"), config);
        }
        source.start(nextEpoch, nextPosition);
    }

    /** The encoder and head {@code config} describes, initialized in {@code manager}. */
    static SslModel buildModel(PretrainConfig config, NDManager manager) {
        ResNet resnet =
                ResNet.builder()
                        .setArchitecture(config.arch)
                        .optStem(Stem.valueOf(config.resolvedStem().toUpperCase(Locale.ROOT)))
                        .optWidth(config.width)
                        .optZeroInitResidual(config.zeroInitResidual)
                        .build();
        SslModel model =
                new SslModel(
                        resnet,
                        ProjectionHead.build(config.headLayers, config.headHidden, config.headOut));
        model.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        model.initialize(
                manager, DataType.FLOAT32, new Shape(2, 3, config.imageSize, config.imageSize));
        return model;
    }

    /**
     * The run's batch layout: the configured one, or for {@code auto} the faster of the two for
     * this model on this machine, which then replaces {@code auto} in the configuration (and so in
     * config.json, which a resume reads).
     */
    private static TensorLayout resolveLayout(PretrainConfig config, NDManager manager) {
        if (!"auto".equals(config.layout)) {
            return TensorLayout.parse("--layout", config.layout);
        }
        TensorLayout.Choice choice = LayoutProbe.inChildJvm(config, manager);
        LOG.info("batch layout: {}", choice);
        config.layout = choice.layout().id();
        return choice.layout();
    }

    /**
     * Starts a new run in {@code out}.
     *
     * @param source batches to train on, or {@code null} to read the configured dataset
     */
    public static PretrainRun create(PretrainConfig config, Path out, BatchSource source)
            throws IOException {
        return open(config, out, source, false);
    }

    /**
     * Continues the run in {@code out} from its newest checkpoint, with the settings it was started
     * with ({@code config.json}); only {@code workers} may differ.
     */
    public static PretrainRun resume(Path out, BatchSource source, Integer workers)
            throws IOException {
        PretrainConfig config = storedConfig(out);
        if (workers != null) {
            config.workers = workers;
        }
        return resumeWith(out, source, config);
    }

    /**
     * Continues the run in {@code out} with {@code settings}: its {@link #storedConfig} with at
     * most the threads, workers and checkpoint cadence changed.
     */
    public static PretrainRun resumeWith(Path out, BatchSource source, PretrainConfig settings)
            throws IOException {
        return open(settings, out, source, true);
    }

    /** Locks {@code out} for this process, then builds the run; the lock ends with the run. */
    private static PretrainRun open(
            PretrainConfig config, Path out, BatchSource source, boolean resume)
            throws IOException {
        config.validate(); // bad settings are refused before anything is written
        RunLock lock = RunLock.acquire(out);
        try {
            return new PretrainRun(config, out, source, resume, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The settings the run in {@code out} was started with. */
    public static PretrainConfig storedConfig(Path out) throws IOException {
        Path file = out.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException(out + " holds no run to resume (no config.json)");
        }
        return Json.read(file, PretrainConfig.class);
    }

    static Device device(String name) {
        if ("gpu".equals(name)) {
            if (Engine.getInstance().getGpuCount() == 0) {
                throw new IllegalArgumentException(
                        "--device gpu: no GPU is visible to PyTorch on this machine");
            }
            return Device.gpu();
        }
        return Device.cpu();
    }

    private void restore() throws IOException {
        Checkpoints.State state = checkpoints.restoreNewest((checkpoint, s) -> load(checkpoint));
        step = state.step;
        trainedSeconds = state.trainedSeconds;
        nextEpoch = state.nextEpoch;
        nextPosition = state.nextPosition;
        LOG.info("resuming {} at step {} (epoch {}, batch {})", out, step, nextEpoch, nextPosition);
    }

    /** Loads the model, optimizer and method state of {@code checkpoint}, naming a bad file. */
    private void load(Path checkpoint) throws IOException {
        Path modelFile = checkpoint.resolve(Checkpoints.MODEL_FILE);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(modelFile));
                DataInputStream data = new DataInputStream(in)) {
            model.loadParameters(manager, data);
            // Loading replaces the arrays; the new ones must take part in autograd again.
            for (TrainableParameter p : params) {
                p.array().setRequiresGradient(true);
            }
        } catch (ai.djl.MalformedModelException | IOException | RuntimeException e) {
            throw new IOException(modelFile + ": cannot load the model parameters: " + e, e);
        }
        Path optimizerFile = checkpoint.resolve(Checkpoints.OPTIMIZER_FILE);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(optimizerFile))) {
            optimizer.load(in, params);
        } catch (IOException | RuntimeException e) {
            throw new IOException(optimizerFile + ": cannot load the optimizer state: " + e, e);
        }
        try {
            method.loadState(checkpoint);
        } catch (IOException | RuntimeException e) {
            throw new IOException(checkpoint + ": cannot load the method's state: " + e, e);
        }
    }

    /** The settings. */
    public PretrainConfig config() {
        return config;
    }

    /** Steps done so far. */
    public long step() {
        return step;
    }

    /** The step the run ends at. */
    public long totalSteps() {
        return totalSteps;
    }

    /** The method (its state: SEC mean, MoCo key encoder and queue). */
    public ContrastiveMethod method() {
        return method;
    }

    /** The model being trained. */
    public SslModel model() {
        return model;
    }

    /** Arrays alive under the run's manager (a leak shows as growth). */
    public int liveArrays() {
        return manager.getManagedArrays().size();
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
        ParameterStore store = new ParameterStore(manager, false);
        ProgressBar bar =
                config.minutes > 0
                        ? ProgressBar.forBudget(step, config.minutes * 60)
                        : new ProgressBar(step, totalSteps);
        List<Double> speeds = new ArrayList<>();
        double lastLoss = Double.NaN;
        double lastVariance = Double.NaN;
        int lastEpoch = nextEpoch;
        LOG.info(
                "{} on {}: {} ({} steps per epoch), batch {}, peak lr {}, SEC weight {}",
                Json.id(config.method),
                datasetDescription,
                config.minutes > 0
                        ? String.format(Locale.ROOT, "%.4g minutes", config.minutes)
                        : totalSteps + " steps",
                stepsPerEpoch,
                config.batchSize,
                String.format(Locale.ROOT, "%.4g", schedule.peak()),
                config.secWeight);
        try (MetricsLog metrics = MetricsLog.open(out.resolve("metrics.csv"), step)) {
            while (!finished() && step < stopAfter) {
                long t0 = clock.getAsLong();
                Batch batch = source.next();
                long t1 = clock.getAsLong();
                double progress = progress();
                double lr =
                        config.minutes > 0
                                ? schedule.atFraction(progress, config.budgetWarmup)
                                : schedule.at(step);
                double eta = config.secWeight * (config.secRamp ? progress : 1.0);
                LossParts parts = trainStep(store, batch, lr, eta);
                step++;
                lastEpoch = batch.epoch();
                advance(batch);
                double seconds = (clock.getAsLong() - t0) / 1e9;
                double speed = 2.0 * batch.size() / seconds;
                speeds.add(speed);
                double loss = parts.contrastive() + parts.secWeight() * parts.sec();
                double knnTop1 = Double.NaN;
                boolean epochEnd = nextPosition == 0;
                if (monitor != null
                        && epochEnd
                        && nextEpoch % config.knnEvery == 0
                        && parts.finite()) {
                    knnTop1 = monitor.evaluate(model.encoder(), manager);
                    LOG.info(
                            "epoch {}: kNN top-1 {}",
                            nextEpoch,
                            String.format(Locale.ROOT, "%.4f", knnTop1));
                }
                metrics.append(
                        step,
                        batch.epoch(),
                        lr,
                        loss,
                        parts.contrastive(),
                        parts.sec(),
                        parts.secWeight(),
                        parts.normMean(),
                        parts.normVariance(),
                        speed,
                        (t1 - t0) / 1e6,
                        knnTop1);
                if (!parts.finite()) {
                    Path last = checkpoints.latest().orElse(null);
                    throw new TrainingDivergedException(
                            String.format(
                                    Locale.ROOT,
                                    "the loss became %s at step %d (epoch %d, lr %.4g); %s. Nothing was"
                                            + " saved from this step. Last good checkpoint: %s. Lower --lr or"
                                            + " raise --warmup-epochs, then resume or restart.",
                                    Double.isNaN(parts.contrastive()) || Double.isNaN(parts.sec())
                                            ? "NaN"
                                            : "infinite",
                                    step,
                                    batch.epoch(),
                                    lr,
                                    describeParameters(),
                                    last == null ? "none" : last));
                }
                lastLoss = loss;
                lastVariance = parts.normVariance();
                trainedSeconds += (clock.getAsLong() - t0) / 1e9;
                bar.update(step, progress(), loss, speed);
                if (step % config.checkpointEvery == 0 || finished() || step == stopAfter) {
                    checkpoint();
                }
            }
        } finally {
            bar.finish();
        }
        double wall = (System.nanoTime() - started) / 1e9;
        Path encoder = out.resolve("encoder");
        if (finished()) {
            exportEncoder(encoder);
        }
        RunSummary summary =
                new RunSummary(
                        lastLoss,
                        lastVariance,
                        step,
                        epochsTrained(),
                        wall,
                        speeds.isEmpty() ? Double.NaN : Quantiles.median().compute(speeds),
                        ProcessStats.peakRss(),
                        encoder.toString(),
                        config,
                        config.seed,
                        skipped,
                        ProcessStats.versions());
        if (finished()) {
            Json.write(out.resolve("summary.json"), summary);
            LOG.info(
                    "done: {} steps in {} s, final loss {}, encoder in {}",
                    step,
                    String.format(Locale.ROOT, "%.1f", wall),
                    String.format(Locale.ROOT, "%.4f", lastLoss),
                    encoder);
        }
        return summary;
    }

    /** Replaces the clock that times steps and spends a budget (tests use a fake one). */
    void useClock(java.util.function.LongSupplier nanoTime) {
        this.clock = nanoTime;
    }

    /** Whether the run is over: its steps done, or under a budget, its time spent. */
    private boolean finished() {
        return config.minutes > 0 ? trainedSeconds >= config.minutes * 60 : step >= totalSteps;
    }

    /** The fraction of the run done: of its time under a budget, else of its steps. */
    private double progress() {
        return config.minutes > 0
                ? Math.min(1.0, trainedSeconds / (config.minutes * 60))
                : Math.min(1.0, (double) step / totalSteps);
    }

    private LossParts trainStep(ParameterStore store, Batch batch, double lr, double eta) {
        try (NDManager stepScope = manager.newSubManager()) {
            LossParts parts;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total;
                try (NDManager forward = stepScope.newSubManager()) {
                    NDList views = uploads.upload(batch, forward);
                    parts = method.forward(store, views, step, eta);
                    total = parts.total();
                    total.attach(stepScope);
                    debugMemory("forward");
                }
                debugMemory("forward scope closed");
                if (!parts.finite()) {
                    return parts;
                }
                collector.backward(total);
                debugMemory("backward");
            }
            optimizer.step(params, lr);
            debugMemory("optimizer");
            method.afterStep(step, progress());
            return parts;
        }
    }

    /**
     * Where a diverged run's parameters stand (before the failed step's update, which is not
     * applied): which hold NaN or infinite values, else the largest magnitude and where.
     */
    private String describeParameters() {
        List<String> bad = new ArrayList<>();
        String largest = null;
        double max = -1;
        for (TrainableParameter p : params) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray w = p.array();
                scope.tempAttachAll(w);
                if (w.isNaN().logicalOr(w.isInfinite()).any().getBoolean()) {
                    bad.add(p.name());
                    continue;
                }
                double m = w.abs().max().toType(DataType.FLOAT64, false).getDouble();
                if (m > max) {
                    max = m;
                    largest = p.name();
                }
            }
        }
        return bad.isEmpty()
                ? String.format(
                        Locale.ROOT,
                        "every parameter is finite (largest magnitude %.3g, in %s)",
                        max,
                        largest)
                : String.format(
                        Locale.ROOT,
                        "%d of %d parameters hold NaN or infinite values, the first %s",
                        bad.size(),
                        params.size(),
                        bad.get(0));
    }

    private static void debugMemory(String phase) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "RSS after {}: {} MB (peak {} MB)",
                    phase,
                    ProcessStats.rss() >> 20,
                    ProcessStats.peakRss() >> 20);
        }
    }

    private void advance(Batch batch) {
        nextEpoch = batch.epoch();
        nextPosition = batch.position() + 1;
        if (nextPosition >= stepsPerEpoch) {
            nextEpoch++;
            nextPosition = 0;
        }
    }

    private void checkpoint() throws IOException {
        Checkpoints.State state = new Checkpoints.State();
        state.step = step;
        state.nextEpoch = nextEpoch;
        state.nextPosition = nextPosition;
        state.seed = config.seed;
        state.trainedSeconds = trainedSeconds;
        state.created = Instant.now().toString();
        checkpoints.save(
                step,
                dir -> {
                    try (OutputStream o =
                                    new BufferedOutputStream(
                                            Files.newOutputStream(
                                                    dir.resolve(Checkpoints.MODEL_FILE)));
                            DataOutputStream data = new DataOutputStream(o)) {
                        model.saveParameters(data);
                    }
                    try (OutputStream o =
                            new BufferedOutputStream(
                                    Files.newOutputStream(
                                            dir.resolve(Checkpoints.OPTIMIZER_FILE)))) {
                        optimizer.save(o);
                    }
                    method.saveState(dir);
                    Json.write(dir.resolve(Checkpoints.STATE_FILE), state);
                });
    }

    /** Writes the frozen-encoder export of the current model into {@code folder}. */
    public void exportEncoder(Path folder) throws IOException {
        ViewConfig eval =
                config.imageSize <= 64
                        ? Presets.evalCifar()
                        : Presets.evalImageNet(config.imageSize);
        EncoderManifest m = new EncoderManifest();
        m.architecture = model.resnet().name();
        m.stem = model.resnet().stem().name().toLowerCase(Locale.ROOT);
        m.width = model.resnet().width();
        m.inputSize = config.imageSize;
        m.normalizationMean = eval.mean();
        m.normalizationStd = eval.std();
        m.featureSize = model.resnet().featureSize();
        m.provenance.put("dataset", config.dataset.id());
        m.provenance.put(
                "data", config.data == null ? config.dataset.defaultSource() : config.data);
        m.provenance.put("method", config.method.name().toLowerCase(Locale.ROOT));
        m.provenance.put("recipe", config.recipe);
        m.provenance.put("steps", step);
        m.provenance.put("epochs", epochsTrained());
        m.provenance.put("threads", config.threads);
        m.provenance.put("batchSize", config.batchSize);
        m.provenance.put("secWeight", config.secWeight);
        m.provenance.put("seed", config.seed);
        m.provenance.put("versions", ProcessStats.versions());
        m.provenance.put("created", Instant.now().toString());
        EncoderExport.write(model.encoder(), m, folder);
    }

    /** Epochs of data the steps so far have seen, whatever ended the run. */
    private double epochsTrained() {
        return (double) step / stepsPerEpoch;
    }

    @Override
    public void close() {
        source.close();
        method.close();
        optimizer.close();
        manager.close();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("could not release the lock of {}: {}", out, e.toString());
        }
    }
}

package dev.sphereclr.pretrain.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.method.Objective;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import dev.sphereclr.pretrain.watch.MetricsRow;
import dev.sphereclr.pretrain.watch.ProcessStats;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a restart needs, saved and restored as one: the model's parameters (batch-norm
 * statistics included), the optimizer's slots, the method's own state (SEC's moving mean, MoCo's
 * key model and queue) and where the run stands: steps done, the next batch, the time trained.
 */
public final class RunState {

    private final SslModel model;
    private final List<TrainableParameter> params;
    private final Optimizer optimizer;
    private final Objective objective;
    private final NDManager manager;
    private final int stepsPerEpoch;
    private final PretrainConfig config;
    private long step;
    private int nextEpoch;
    private int nextPosition;
    private double trainedSeconds;
    private double wallBefore;
    private long peakRssBefore;
    private List<Map<String, Object>> processesBefore = List.of();

    /**
     * @param model the model trained
     * @param params its trainable parameters
     * @param optimizer the optimizer
     * @param objective the method and its regularizers, whose state a checkpoint keeps too
     * @param stepsPerEpoch batches in an epoch
     * @param manager the run's manager
     * @param config the run's settings
     */
    public RunState(
            SslModel model,
            List<TrainableParameter> params,
            Optimizer optimizer,
            Objective objective,
            int stepsPerEpoch,
            NDManager manager,
            PretrainConfig config) {
        this.model = model;
        this.params = params;
        this.optimizer = optimizer;
        this.objective = objective;
        this.manager = manager;
        this.stepsPerEpoch = stepsPerEpoch;
        this.config = config;
    }

    /** Wall time of the run's earlier processes, up to the checkpoint this one resumed. */
    public double wallBefore() {
        return wallBefore;
    }

    public long step() {
        return step;
    }

    public int nextEpoch() {
        return nextEpoch;
    }

    public int nextPosition() {
        return nextPosition;
    }

    public double trainedSeconds() {
        return trainedSeconds;
    }

    /** Epochs of data the steps so far have seen. */
    public double epochsTrained() {
        return (double) step / stepsPerEpoch;
    }

    /**
     * The summary of the whole run, whatever number of processes it took: the loss, norm variance
     * and speed from {@code rows} (its {@code metrics.csv}), the wall time and peak memory that the
     * checkpoints carried plus this process's.
     *
     * @param wallSeconds wall time of the whole run
     */
    public RunSummary summary(
            List<MetricsRow> rows, double wallSeconds, Path encoder, int skippedImages) {
        return RunSummary.of(
                rows,
                step,
                epochsTrained(),
                wallSeconds,
                Math.max(peakRssBefore, ProcessStats.peakRss()),
                encoder.toString(),
                config,
                skippedImages,
                processes());
    }

    /** Counts a step on {@code batch} that took {@code seconds}. */
    public void advance(Batch batch, double seconds) {
        step++;
        trainedSeconds += seconds;
        nextEpoch = batch.epoch();
        nextPosition = batch.position() + 1;
        if (nextPosition >= stepsPerEpoch) {
            nextEpoch++;
            nextPosition = 0;
        }
    }

    /**
     * Saves the state as checkpoint {@link #step()}.
     *
     * @param processSeconds wall time of this process's part of the run so far
     */
    public void save(Checkpoints checkpoints, double processSeconds) throws IOException {
        Checkpoints.State position = new Checkpoints.State();
        position.formatVersion = Checkpoints.FORMAT_VERSION;
        position.step = step;
        position.nextEpoch = nextEpoch;
        position.nextPosition = nextPosition;
        position.seed = config.run.seed;
        position.trainedSeconds = trainedSeconds;
        position.wallSeconds = wallBefore + processSeconds;
        position.peakRssBytes = Math.max(peakRssBefore, ProcessStats.peakRss());
        position.processes = processes();
        position.settings = config.fixedSettings();
        position.created = Instant.now().toString();
        checkpoints.save(
                step,
                dir -> {
                    try (OutputStream o = stream(dir.resolve(Checkpoints.MODEL_FILE));
                            DataOutputStream data = new DataOutputStream(o)) {
                        model.saveParameters(data);
                    }
                    try (OutputStream o = stream(dir.resolve(Checkpoints.OPTIMIZER_FILE))) {
                        optimizer.save(o);
                    }
                    objective.saveState(dir);
                    Json.write(dir.resolve(Checkpoints.STATE_FILE), position);
                });
    }

    /**
     * Restores the newest checkpoint that reads whole.
     *
     * @throws Checkpoints.Mismatch when the checkpoint records other settings than the run's {@code
     *     config.json}, naming each with both values
     */
    public void restoreNewest(Checkpoints checkpoints) throws IOException {
        Checkpoints.State position =
                checkpoints.restoreNewest(
                        (dir, s) -> {
                            checkSettings(dir, s);
                            load(dir);
                        });
        step = position.step;
        trainedSeconds = position.trainedSeconds;
        nextEpoch = position.nextEpoch;
        nextPosition = position.nextPosition;
        wallBefore = position.wallSeconds;
        peakRssBefore = position.peakRssBytes;
        processesBefore = position.processes != null ? position.processes : List.of();
    }

    /** The run's processes: those the checkpoint resumed recorded, then this one. */
    public List<Map<String, Object>> processes() {
        List<Map<String, Object>> all = new ArrayList<>(processesBefore);
        all.add(ProcessStats.process(config.run.threads));
        return all;
    }

    /** Refuses a checkpoint whose settings differ from the run's (an edited config.json). */
    private void checkSettings(Path checkpoint, Checkpoints.State saved) throws IOException {
        JsonObject now = config.fixedSettings();
        JsonObject then = saved.settings;
        if (then == null) { // written before checkpoints recorded their settings
            then = new JsonObject();
            then.addProperty("seed", saved.seed);
        }
        List<String> differ = new ArrayList<>();
        Set<String> keys = new TreeSet<>(then.keySet());
        if (saved.settings != null) {
            keys.addAll(now.keySet());
        }
        // A setting added since the checkpoint was written stands at its default there.
        JsonObject defaults = new PretrainConfig().fixedSettings();
        for (String key : keys) {
            JsonElement recorded =
                    then.has(key) || saved.settings == null ? then.get(key) : defaults.get(key);
            if (!Objects.equals(recorded, now.get(key))) {
                differ.add(
                        key
                                + " (checkpoint "
                                + then.get(key)
                                + ", config.json "
                                + now.get(key)
                                + ")");
            }
        }
        if (!differ.isEmpty()) {
            throw new Checkpoints.Mismatch(
                    checkpoint
                            + " was written with other settings than config.json holds: "
                            + String.join(", ", differ)
                            + ". config.json was edited after the run started: restore it, or"
                            + " start a new run in another --out");
        }
    }

    /** Loads the model, optimizer and method state of {@code checkpoint}, naming a bad file. */
    private void load(Path checkpoint) throws IOException {
        Path modelFile = checkpoint.resolve(Checkpoints.MODEL_FILE);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(modelFile));
                DataInputStream data = new DataInputStream(in)) {
            model.loadParameters(manager, data);
            // Loading replaces the arrays; the new ones must take part in autograd again.
            params.forEach(p -> p.array().setRequiresGradient(true));
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IOException(modelFile + ": cannot load the model parameters: " + e, e);
        }
        Path optimizerFile = checkpoint.resolve(Checkpoints.OPTIMIZER_FILE);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(optimizerFile))) {
            optimizer.load(in, params);
        } catch (IOException | RuntimeException e) {
            throw new IOException(optimizerFile + ": cannot load the optimizer state: " + e, e);
        }
        try {
            objective.loadState(checkpoint);
        } catch (IOException | RuntimeException e) {
            throw new IOException(checkpoint + ": cannot load the method's state: " + e, e);
        }
    }

    private static OutputStream stream(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file));
    }
}

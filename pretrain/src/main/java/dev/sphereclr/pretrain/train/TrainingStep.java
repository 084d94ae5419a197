package dev.sphereclr.pretrain.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.UploadBuffers;
import dev.sphereclr.pretrain.method.LossParts;
import dev.sphereclr.pretrain.method.Objective;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import dev.sphereclr.pretrain.watch.ProcessStats;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training step: the views through the method's forward pass, backward, the optimizer, the
 * method's after-step work. Nothing is read back from the device unless asked: the loss parts stay
 * there until {@link #values()} is called.
 *
 * <p>Every step runs in its own {@link NDManager} scope; the forward pass's arrays live in a nested
 * scope that closes before backward, so the Java side holds nothing the autograd graph does not
 * need and the backward pass frees activations as it goes.
 */
final class TrainingStep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingStep.class);

    private final NDManager manager;
    private final UploadBuffers uploads;
    private final Objective objective;
    private final Optimizer optimizer;
    private final List<TrainableParameter> params;
    private final ParameterStore store;
    private final GradientCache chunks;
    private final Replicas replicas;
    private LossParts last;
    private LossParts.Values lastValues;

    TrainingStep(
            NDManager manager,
            UploadBuffers uploads,
            Objective objective,
            Optimizer optimizer,
            List<TrainableParameter> params,
            int chunk,
            Replicas replicas) {
        this.manager = manager;
        this.uploads = uploads;
        this.objective = objective;
        this.optimizer = optimizer;
        this.params = params;
        this.store = replicas.store(0);
        this.replicas = replicas;
        this.chunks = chunk > 0 ? new GradientCache(objective, replicas, chunk) : null;
    }

    /**
     * Trains on {@code batch}.
     *
     * @param step steps done before this one
     * @param lr the learning rate
     * @param progress the run's progress, for the regularizers' weights and the method's after-step
     *     work
     * @param check whether to read the loss parts before backward (one read) and stop there when
     *     one is not finite; otherwise the step reads nothing
     * @return whether the step was taken: false only when {@code check} found a non-finite part
     */
    boolean run(Batch batch, long step, double lr, double progress, boolean check) {
        forget();
        objective.method().useLabels(batch.labels());
        if (chunks != null) {
            return runInChunks(batch, step, lr, progress, check);
        }
        try (NDManager stepScope = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total;
                try (NDManager forward = stepScope.newSubManager()) {
                    NDList views = uploads.upload(batch, forward);
                    LossParts parts = objective.forward(store, views, step, progress);
                    total = parts.total();
                    total.attach(stepScope);
                    keep(parts);
                    debugMemory("forward");
                }
                if (check && !values().finite()) {
                    return false;
                }
                collector.backward(total);
                debugMemory("backward");
            }
            optimizer.step(params, lr);
            debugMemory("optimizer");
            objective.afterStep(step, progress);
            return true;
        }
    }

    /** {@link #run} with the gradients of the batch gathered chunk by chunk. */
    private boolean runInChunks(Batch batch, long step, double lr, double progress, boolean check) {
        try (NDManager stepScope = manager.newSubManager()) {
            NDList views = uploads.upload(batch, stepScope);
            LossParts parts = chunks.loss(views, step, progress, stepScope);
            keep(parts);
            debugMemory("loss");
            if (check && !values().finite()) {
                return false;
            }
            chunks.backward(stepScope);
            replicas.sumGradients();
            debugMemory("backward");
            optimizer.step(params, lr);
            replicas.broadcast();
            objective.afterStep(step, progress);
            return true;
        }
    }

    /** The last step's loss parts: read from the device now unless read already. */
    LossParts.Values values() {
        if (lastValues == null) {
            lastValues = last.read();
        }
        return lastValues;
    }

    private void keep(LossParts parts) {
        parts.parts().attach(manager);
        last = parts;
    }

    private void forget() {
        if (last != null) {
            last.parts().close();
            last = null;
        }
        lastValues = null;
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

    @Override
    public void close() {
        forget();
    }
}

package dev.sphereclr.pretrain.watch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sphereclr.pretrain.method.LossParts;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Ends a run whose loss stopped being a finite number, saying where the parameters stand and which
 * checkpoint to go back to. It sees only logged steps; a step is always logged before a checkpoint,
 * so no checkpoint holds a diverged model.
 */
public final class DivergenceCheck implements StepListener {

    private final List<TrainableParameter> params;
    private final NDManager manager;
    private final LastCheckpoint checkpoints;

    /** Where the newest checkpoint is, for the message. */
    @FunctionalInterface
    public interface LastCheckpoint {
        /** The newest complete checkpoint, if any. */
        Optional<Path> latest() throws IOException;
    }

    /**
     * @param params the parameters whose state the message describes
     * @param manager the run's manager
     * @param checkpoints where the newest checkpoint is
     */
    public DivergenceCheck(
            List<TrainableParameter> params, NDManager manager, LastCheckpoint checkpoints) {
        this.params = params;
        this.manager = manager;
        this.checkpoints = checkpoints;
    }

    @Override
    public void afterStep(StepEvent e) throws IOException {
        LossParts.Values v = e.values();
        if (v == null || v.finite()) {
            return;
        }
        Path last = checkpoints.latest().orElse(null);
        throw new TrainingDivergedException(
                String.format(
                        Locale.ROOT,
                        "the loss became %s at step %d (epoch %d, lr %.4g); %s. Nothing was saved"
                                + " from this step. Last good checkpoint: %s. Lower --lr or raise"
                                + " --warmup-epochs, then resume or restart.",
                        Double.isNaN(v.contrastive())
                                        || v.penalties().values().stream().anyMatch(x -> x.isNaN())
                                ? "NaN"
                                : "infinite",
                        e.step(),
                        e.epoch(),
                        e.lr(),
                        describeParameters(),
                        last == null ? "none" : last));
    }

    /**
     * Where the parameters stand (before the failed step's update, when the step was checked before
     * backward): which hold NaN or infinite values, else the largest magnitude and where.
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
}

package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sphereclr.pretrain.nn.SslModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A self-supervised objective over the trained model. The loop calls {@link #forward} inside a
 * gradient collector and a step scope, then steps the optimizer over {@link #model()}'s parameters,
 * then calls {@link #afterStep}.
 */
public interface ContrastiveMethod extends AutoCloseable {

    /** The model the optimizer trains (its encoder is what gets exported). */
    SslModel model();

    /**
     * The method's part of a step's loss.
     *
     * @param loss the contrastive loss (NT-Xent, InfoNCE), a scalar with a graph
     * @param projections the raw projections (before L2 normalization) that an {@link Objective}'s
     *     regularizers constrain, with their graph
     */
    record Output(NDArray loss, NDArray projections) {}

    /**
     * Computes the contrastive loss of one batch.
     *
     * @param store parameter store of the step
     * @param views one {@code N x 3 x H x W} array per view
     * @param step 0-based global step
     */
    Output forward(ParameterStore store, NDList views, long step);

    /**
     * Work after the optimizer step (MoCo: momentum update, enqueue).
     *
     * @param step 0-based global step just taken
     * @param progress the run's progress in [0, 1] at that step: of its steps, or of its wall-clock
     *     budget under {@code --minutes}, as the learning-rate schedule sees it
     */
    default void afterStep(long step, double progress) {}

    /** Writes the method's own state (beyond the model and optimizer) into {@code dir}. */
    void saveState(Path dir) throws IOException;

    /** Restores what {@link #saveState} wrote. */
    void loadState(Path dir) throws IOException;

    @Override
    default void close() {}
}

package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sphereclr.pretrain.loss.BlockwiseNtXent;
import dev.sphereclr.pretrain.nn.SslModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A self-supervised objective over the trained model, in two phases so that a step may run the
 * model over a batch in chunks (gradient caching, {@code train.GradientCache}): {@link #project}
 * runs the trained model over the views of some images, and {@link #loss} takes the whole batch's
 * projections, gathered, to its contrastive loss. Whatever runs without gradients (MoCo's key
 * encoder) runs in {@link #loss}, once per step. The loop then steps the optimizer over {@link
 * #model()}'s parameters and calls {@link #afterStep}.
 *
 * <p>Projections are view-major: the rows of view 0 of every image, then those of view 1, and so on
 * for each group of rows the method produces (MoCo's queries of one view, or of both).
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
     * The trained model's raw projections of some images, view-major.
     *
     * @param model the trained model, or a replica of it on another device
     * @param store parameter store of the step
     * @param views one {@code C x 3 x H x W} array per view, of the same C images
     * @return {@code G C x D}: G groups of C rows (SimCLR: one per view)
     */
    NDArray project(SslModel model, ParameterStore store, NDList views);

    /**
     * The contrastive loss of a whole batch.
     *
     * @param projections what {@link #project} returns for the whole batch, or its chunks' results
     *     gathered group by group
     * @param views the batch's views (N images each), for what runs without gradients
     * @param step 0-based global step
     */
    NDArray loss(NDArray projections, NDList views, long step);

    /**
     * The contrastive loss of a whole batch with its gradient with respect to the projections,
     * computed without a graph over the batch, or null where the method has no such form (the
     * chunked step then differentiates {@link #loss}).
     */
    default BlockwiseNtXent.ValueAndGradient lossAndGradient(
            NDArray projections, NDList views, long step) {
        return null;
    }

    /**
     * The classes of the next step's images, before its passes: supervised methods (SupCon) use
     * them in {@link #loss}; self-supervised ones ignore them.
     */
    default void useLabels(int[] labels) {}

    /** Both phases over the whole batch in one pass. */
    default Output forward(ParameterStore store, NDList views, long step) {
        NDArray z = project(model(), store, views);
        return new Output(loss(z, views, step), z);
    }

    /**
     * Called when a pass over a batch's chunks is done and before the running statistics the pass
     * moved are put back (SimCLR's multi-crop keeps statistics of its own).
     */
    default void endPass() {}

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

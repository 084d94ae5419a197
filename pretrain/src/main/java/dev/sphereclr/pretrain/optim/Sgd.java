package dev.sphereclr.pretrain.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.encoder.settings.LegalRange;

/**
 * SGD with momentum, as PyTorch's {@code torch.optim.SGD}: \( g' = g + \lambda w \) (not for biases
 * and batch norm), \( v \leftarrow m v + g' \), \( w \leftarrow w - \mathrm{lr}\, v \).
 */
public final class Sgd extends Optimizer {

    private final double momentum;

    /**
     * @param parent manager that owns the optimizer state
     * @param momentum in {@link #MOMENTUM}
     * @param weightDecay \( \lambda \)
     */
    public Sgd(NDManager parent, double momentum, double weightDecay) {
        super(parent, weightDecay);
        LegalRange.of(MOMENTUM).check("momentum", momentum);
        this.momentum = momentum;
    }

    @Override
    protected int slotsPerParameter() {
        return 1;
    }

    @Override
    protected void update(
            NDArray w, NDArray g, NDArray[] slots, boolean excluded, double lr, long step) {
        if (!excluded && weightDecay > 0) {
            g.addi(w.mul(weightDecay));
        }
        NDArray v = slots[0];
        v.muli(momentum).addi(g);
        w.subi(v.mul(lr));
    }
}

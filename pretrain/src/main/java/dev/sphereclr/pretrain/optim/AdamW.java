package dev.sphereclr.pretrain.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019, arXiv:1711.05101), as PyTorch's
 * {@code AdamW}: \( w \leftarrow w (1 - \mathrm{lr}\,\lambda) \), then the bias-corrected Adam step
 * \( w \leftarrow w - \mathrm{lr}\, \hat m / (\sqrt{\hat v} + \epsilon) \). Biases and batch norm
 * are not decayed.
 */
public final class AdamW extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /**
     * @param parent manager that owns the optimizer state
     * @param weightDecay \( \lambda \)
     */
    public AdamW(NDManager parent, double weightDecay) {
        super(parent, weightDecay);
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.epsilon = 1e-8;
    }

    @Override
    protected int slotsPerParameter() {
        return 2;
    }

    @Override
    protected void update(
            NDArray w, NDArray g, NDArray[] slots, boolean excluded, double lr, long step) {
        if (!excluded && weightDecay > 0) {
            w.muli(1 - lr * weightDecay);
        }
        NDArray m = slots[0];
        NDArray v = slots[1];
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().muli(1 - beta2));
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        NDArray denominator = v.div(c2).sqrt().addi(epsilon);
        w.subi(m.div(c1).div(denominator).muli(lr));
    }
}

package dev.sphereclr.pretrain.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.encoder.settings.LegalRange;

/**
 * LARS as SimCLR defines it (You et al. 2017, arXiv:1708.03888; SimCLR's {@code lars_optimizer}):
 * for a parameter \( w \) with gradient \( g \), \[ g' = g + \lambda w, \quad t = \eta \frac{\lVert
 * w \rVert}{\lVert g' \rVert} \ (\text{1 if either norm is 0}), \quad v \leftarrow m v +
 * \mathrm{lr}\, t\, g', \quad w \leftarrow w - v. \] Biases and batch-norm parameters skip both the
 * decay and the trust ratio (\( t = 1 \)).
 */
public final class Lars extends Optimizer {

    /** Legal trust coefficients \( \eta \). */
    public static final String TRUST_COEFFICIENT = "(0, 1]";

    private final double momentum;
    private final double trustCoefficient;

    /**
     * @param parent manager that owns the optimizer state
     * @param momentum in {@link #MOMENTUM} (SimCLR: 0.9)
     * @param weightDecay \( \lambda \) (SimCLR: 1e-6)
     * @param trustCoefficient \( \eta \) in {@link #TRUST_COEFFICIENT} (SimCLR: 0.001)
     */
    public Lars(NDManager parent, double momentum, double weightDecay, double trustCoefficient) {
        super(parent, weightDecay);
        LegalRange.of(MOMENTUM).check("momentum", momentum);
        LegalRange.of(TRUST_COEFFICIENT).check("LARS trust coefficient", trustCoefficient);
        this.momentum = momentum;
        this.trustCoefficient = trustCoefficient;
    }

    @Override
    protected int slotsPerParameter() {
        return 1;
    }

    @Override
    protected void update(
            NDArray w, NDArray g, NDArray[] slots, boolean excluded, double lr, long step) {
        NDArray v = slots[0];
        if (excluded) {
            v.muli(momentum).addi(g.muli(lr));
            w.subi(v);
            return;
        }
        if (weightDecay > 0) {
            g.addi(w.mul(weightDecay));
        }
        // The trust ratio stays on the device: reading it back would stall a GPU once per layer.
        NDArray wNorm = w.norm();
        NDArray gNorm = g.norm();
        NDArray ratio = wNorm.mul(trustCoefficient).div(gNorm);
        NDArray trust =
                NDArrays.where(wNorm.gt(0).logicalAnd(gNorm.gt(0)), ratio, ratio.onesLike());
        v.muli(momentum).addi(g.muli(trust.muli(lr)));
        w.subi(v);
    }
}

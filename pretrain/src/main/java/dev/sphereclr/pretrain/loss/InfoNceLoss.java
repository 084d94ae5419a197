package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * MoCo's InfoNCE (He et al. 2019, arXiv:1911.05722, eq. 1): with q and k L2-normalized and a queue
 * of K unit-length negative keys, the logits are \( [q \cdot k,\ q Q^\top] / \tau \), positive
 * first, and the loss is their cross-entropy with class 0, averaged over the N queries. No gradient
 * flows into k or the queue.
 */
public final class InfoNceLoss {

    private final double temperature;

    /**
     * @param temperature \( \tau \), in {@link Temperature#RANGE} (MoCo v2: 0.2)
     */
    public InfoNceLoss(double temperature) {
        this.temperature = Temperature.check(temperature);
    }

    /**
     * @param q {@code N x D} query projections (raw; normalized here)
     * @param k {@code N x D} key projections (raw; normalized here, no gradient)
     * @param queue {@code K x D} unit-length keys of earlier batches
     * @return a scalar
     */
    public NDArray compute(NDArray q, NDArray k, NDArray queue) {
        NDArray qn = Embeddings.l2Normalize(q);
        NDArray kn = Embeddings.l2Normalize(k.stopGradient());
        NDArray positive = qn.mul(kn).sum(new int[] {1}, true);
        NDArray negative = qn.matMul(queue.stopGradient().transpose());
        NDArray logits =
                NDArrays.concat(new NDList(positive, negative), 1)
                        .div(GraphConstants.scalar(q, temperature));
        return logits.logSoftmax(1).get(":, 0").mean().neg();
    }
}

package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;

/**
 * The outcome of one forward pass: the total loss to differentiate and its parts as numbers.
 *
 * @param total contrastive loss + eta * SEC, a scalar with a graph
 * @param contrastive the NT-Xent or InfoNCE part
 * @param sec the unweighted SEC part (0 when off)
 * @param secWeight eta at this step
 * @param normMean mean of the norms of the raw projections z
 * @param normVariance population variance of those norms
 */
public record LossParts(
        NDArray total,
        double contrastive,
        double sec,
        double secWeight,
        double normMean,
        double normVariance) {

    /** Whether every part is a finite number. */
    public boolean finite() {
        return Double.isFinite(contrastive) && Double.isFinite(sec) && Double.isFinite(normMean);
    }
}

package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.sphereclr.pretrain.loss.GraphConstants;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;

/**
 * The outcome of one forward pass: the total loss to differentiate, and its parts kept on the
 * device until someone {@link #read}s them (a host read stalls a GPU's queue).
 *
 * @param total contrastive loss + eta * SEC, a scalar with a graph
 * @param parts detached: the contrastive part, the unweighted SEC part, the mean and the population
 *     variance of the norms of the raw projections
 * @param secWeight eta at this step
 */
public record LossParts(NDArray total, NDArray parts, double secWeight) {

    /**
     * The parts of a loss as numbers.
     *
     * @param contrastive the NT-Xent or InfoNCE part
     * @param sec the unweighted SEC part
     * @param secWeight eta at this step
     * @param normMean mean of the norms of the raw projections z
     * @param normVariance population variance of those norms
     */
    public record Values(
            double contrastive,
            double sec,
            double secWeight,
            double normMean,
            double normVariance) {

        /** The loss the optimizer saw: contrastive + eta * SEC. */
        public double total() {
            return contrastive + secWeight * sec;
        }

        /** Whether every part is a finite number. */
        public boolean finite() {
            return Double.isFinite(contrastive)
                    && Double.isFinite(sec)
                    && Double.isFinite(normMean);
        }
    }

    /** The parts of {@code contrastive} plus eta times {@code sec}'s penalty. */
    static LossParts of(NDArray contrastive, SphericalEmbeddingConstraint.Result sec, double eta) {
        NDArray total =
                eta > 0
                        ? contrastive.add(sec.loss().mul(GraphConstants.scalar(contrastive, eta)))
                        : contrastive;
        NDArray parts =
                NDArrays.stack(
                        new NDList(
                                contrastive.stopGradient(),
                                sec.loss().stopGradient(),
                                sec.normMean(),
                                sec.normVariance()));
        return new LossParts(total, parts, eta);
    }

    /** The parts as numbers: one read from the device. */
    public Values read() {
        return read(parts, secWeight);
    }

    /** {@link #parts} as numbers, with eta {@code secWeight}: one read from the device. */
    public static Values read(NDArray parts, double secWeight) {
        double[] v;
        try (NDArray doubles = parts.toType(DataType.FLOAT64, true)) {
            v = doubles.toDoubleArray();
        }
        return new Values(v[0], v[1], secWeight, v[2], v[3]);
    }
}

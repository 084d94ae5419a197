package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * SimCLR's normalized temperature-scaled cross-entropy (Chen et al. 2020, arXiv:2002.05709, eq. 1).
 *
 * <p>With \( u \) the 2N projections of both views, L2-normalized, and \( s_{ij} = u_i^\top u_j /
 * \tau \), the anchor \( i \) has one positive \( p(i) \) (the other view of its image) and 2N-2
 * negatives: \[ \ell = \frac{1}{2N} \sum_i -\log \frac{e^{s_{i,p(i)}}}{\sum_{j \ne i} e^{s_{ij}}}.
 * \] When all embeddings coincide it equals \( \log(2N - 1) \).
 */
public final class NtXentLoss {

    /** Subtracted from self-similarities so that they drop out of the softmax. */
    static final double MASK = 1e9;

    private final double temperature;

    /**
     * @param temperature \( \tau \), in {@link Temperature#RANGE} (SimCLR: 0.5 on CIFAR, 0.1 on
     *     ImageNet)
     */
    public NtXentLoss(double temperature) {
        this.temperature = Temperature.check(temperature);
    }

    /** \( \tau \). */
    public double temperature() {
        return temperature;
    }

    /**
     * The loss of two batches of projections.
     *
     * @param z1 {@code N x D} projections of the first views
     * @param z2 {@code N x D} projections of the second views, row i the same image as in z1
     * @return a scalar
     */
    public NDArray compute(NDArray z1, NDArray z2) {
        long n = z1.getShape().get(0);
        if (!z1.getShape().equals(z2.getShape())) {
            throw new IllegalArgumentException(
                    "both views need one shape, got " + z1.getShape() + " and " + z2.getShape());
        }
        if (n < 2) {
            throw new IllegalArgumentException("NT-Xent needs at least 2 images, got " + n);
        }
        NDManager manager = z1.getManager();
        NDArray u = Embeddings.l2Normalize(NDArrays.concat(new NDList(z1, z2), 0));
        NDArray logits = u.matMul(u.transpose()).div(GraphConstants.scalar(u, temperature));
        DataType type = logits.getDataType();
        logits = logits.sub(manager.eye((int) (2 * n)).toType(type, false).mul(MASK));
        NDArray logProb = logits.logSoftmax(1);
        long[] positive = new long[(int) (2 * n)];
        for (int i = 0; i < 2 * n; i++) {
            positive[i] = (i + n) % (2 * n);
        }
        NDArray picked =
                logProb.gather(GraphConstants.indices(manager, positive, new Shape(2 * n, 1)), 1);
        return picked.mean().neg();
    }
}

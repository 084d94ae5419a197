package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * NT-Xent over multi-crop views, small views pulled towards the global ones as in SwAV's multi-crop
 * (Caron et al. 2020, arXiv:2006.09882): N images, each with G global views and M small ones, V = G
 * + M views in all. Unlike solo-learn's SimCLR with small crops (solo/methods/simclr.py at
 * 06351c4e, whose positives are every other crop of the image), a small view is never a positive:
 * pairs of small views are left out.
 *
 * <p>With \( u \) the VN projections L2-normalized and \( s_{ab} = u_a^\top u_b / \tau \), an
 * anchor \( a \) (any view) has as positives \( P(a) \) the global views of its image other than
 * itself, and as negatives \( N(a) \) every view of another image; other views of its own image are
 * left out: \[ \ell = \frac{1}{VN} \sum_a -\log \frac{\sum_{p \in P(a)} e^{s_{ap}}}{\sum_{b \in
 * P(a) \cup N(a)} e^{s_{ab}}}. \] With two global views and no small ones this is {@link
 * NtXentLoss}.
 */
public final class MultiCropNtXentLoss {

    /** Subtracted from left-out similarities so that they drop out of the softmax. */
    private static final double MASK = 1e9;

    private final double temperature;

    /**
     * @param temperature \( \tau \), in {@link Temperature#RANGE}
     */
    public MultiCropNtXentLoss(double temperature) {
        this.temperature = Temperature.check(temperature);
    }

    /**
     * The loss of the projections of every view.
     *
     * @param z {@code VN x D}, view-major: the N images' first global view, then their second, ...,
     *     then each small view in turn
     * @param images N
     * @param globalViews G, at least 2 (the first G views)
     * @return a scalar
     */
    public NDArray compute(NDArray z, int images, int globalViews) {
        long total = z.getShape().get(0);
        if (images < 2
                || total % images != 0
                || globalViews < 2
                || total < (long) globalViews * images) {
            throw new IllegalArgumentException(
                    "multi-crop NT-Xent needs at least 2 images and 2 global views each, got "
                            + total
                            + " projections for "
                            + images
                            + " images and "
                            + globalViews
                            + " global views");
        }
        NDManager m = z.getManager();
        DataType type = z.getDataType();
        // Which pairs count: computed on the device from positions, no data from Java.
        NDArray index = m.arange(0, (int) total, 1, DataType.INT64);
        NDArray image = index.mod(images);
        NDArray sameImage = image.expandDims(1).eq(image.expandDims(0));
        NDArray self = index.expandDims(1).eq(index.expandDims(0));
        NDArray globalColumn = index.lt((long) globalViews * images).expandDims(0);
        NDArray positive = sameImage.logicalAnd(globalColumn).logicalAnd(self.logicalNot());
        NDArray leftOut = sameImage.logicalAnd(positive.logicalNot());

        NDArray u = Embeddings.l2Normalize(z);
        NDArray logits = u.matMul(u.transpose()).div(GraphConstants.scalar(u, temperature));
        logits = logits.sub(leftOut.toType(type, false).mul(MASK));
        NDArray logProb = logits.logSoftmax(1);
        NDArray positives = logProb.sub(positive.logicalNot().toType(type, false).mul(MASK));
        NDArray max = positives.max(new int[] {1}, true).stopGradient();
        NDArray logSum = positives.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
        return logSum.mean().neg();
    }
}

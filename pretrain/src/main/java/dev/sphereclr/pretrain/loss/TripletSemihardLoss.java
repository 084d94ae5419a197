package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * The triplet loss with semi-hard negatives (Schroff et al. 2015, FaceNet), as the SEC authors
 * train it ({@code Dyfine/SphericalEmbedding} {@code loss.py} at 9572b629, after TensorFlow's
 * {@code triplet_semihard_loss}: squared Euclidean distances of L2-normalized embeddings, margin
 * 0.2). For each pair (a, p) of one class the negative is the nearest one farther than p, \( n^* =
 * \arg \min_{n: d_{an} > d_{ap}} d_{an} \), or, where none is, the farthest negative of a: \[ \ell
 * = \frac{1}{|A|} \sum_{(a,p) \in A} \max(0, m + d_{ap} - d_{an^*}). \]
 */
public final class TripletSemihardLoss {

    /** Added to distances that a minimum or maximum must not pick. */
    private static final double AWAY = 1e6;

    private final double margin;

    /**
     * @param margin \( m \) (the SEC authors: 0.2)
     */
    public TripletSemihardLoss(double margin) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("triplet margin " + margin + " must be >= 0");
        }
        this.margin = margin;
    }

    /**
     * @param z {@code N x D} raw embeddings
     * @param labels their classes; every class needs two images
     * @return a scalar
     */
    public NDArray compute(NDArray z, int[] labels) {
        Pairs.requirePositives("the semi-hard triplet loss", labels);
        NDArray d = Embeddings.squaredDistances(Embeddings.l2Normalize(z));
        NDArray positives = Pairs.positives(d, labels);
        NDArray negatives = Pairs.negatives(d, labels);
        NDArray away = GraphConstants.scalar(d, AWAY);
        // [a][p][n]: n a negative of a farther from a than p is.
        NDArray semihard =
                negatives
                        .expandDims(1)
                        .mul(d.expandDims(1).gt(d.expandDims(2)).toType(d.getDataType(), false));
        NDArray outside =
                d.expandDims(1)
                        .add(semihard.neg().add(GraphConstants.scalar(d, 1)).mul(away))
                        .min(new int[] {2});
        NDArray inside =
                d.sub(negatives.neg().add(GraphConstants.scalar(d, 1)).mul(away))
                        .max(new int[] {1}, true);
        NDArray found = semihard.sum(new int[] {2}).gt(0).toType(d.getDataType(), false);
        NDArray negative =
                found.mul(outside).add(found.neg().add(GraphConstants.scalar(d, 1)).mul(inside));
        NDArray hinge =
                d.sub(negative)
                        .add(GraphConstants.scalar(d, margin))
                        .maximum(GraphConstants.scalar(d, 0));
        return hinge.mul(positives).sum().div(positives.sum());
    }
}

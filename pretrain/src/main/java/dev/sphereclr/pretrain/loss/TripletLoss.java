package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * The triplet loss over every triplet of a batch (Weinberger and Saul 2009; Schroff et al. 2015),
 * as the SEC authors train it ({@code Dyfine/SphericalEmbedding} {@code loss.py} at 9572b629:
 * squared Euclidean distances of L2-normalized embeddings, margin 1). With \( d_{ij} \) those
 * distances, A the pairs of one class (\( a \ne p \)) and \( N(a) \) the rows of other classes: \[
 * \ell = \frac{1}{|T|} \sum_{(a,p) \in A} \sum_{n \in N(a)} \max(0, m + d_{ap} - d_{an}) \] over
 * the |T| triplets; with K images of every class that is the authors' \( N(K-1)(N-K) \).
 */
public final class TripletLoss {

    private final double margin;

    /**
     * @param margin \( m \) (the SEC authors: 1.0)
     */
    public TripletLoss(double margin) {
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
        Pairs.requirePositives("the triplet loss", labels);
        NDArray d = Embeddings.squaredDistances(Embeddings.l2Normalize(z));
        NDArray positives = Pairs.positives(d, labels).expandDims(2);
        NDArray negatives = Pairs.negatives(d, labels).expandDims(1);
        NDArray valid = positives.mul(negatives);
        NDArray hinge =
                d.expandDims(2)
                        .sub(d.expandDims(1))
                        .add(GraphConstants.scalar(d, margin))
                        .maximum(GraphConstants.scalar(d, 0));
        return hinge.mul(valid).sum().div(valid.sum());
    }
}

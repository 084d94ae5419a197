package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;

/** Shared operations on embedding matrices {@code N x D}. */
public final class Embeddings {

    /** The smallest norm a row is divided by. */
    static final float EPSILON = 1e-12f;

    private Embeddings() {}

    /**
     * The L2 norm of every row: {@code N}. The engine's norm, not the square root of a sum of
     * squares: its gradient at a zero row is zero, where the square root's is 0 / 0, which would
     * turn every parameter into NaN.
     */
    public static NDArray rowNorms(NDArray x) {
        return x.norm(new int[] {1});
    }

    /** Every row scaled to unit length (rows of norm below 1e-12 are divided by 1e-12). */
    public static NDArray l2Normalize(NDArray x) {
        return x.div(rowNorms(x).maximum(GraphConstants.scalar(x, EPSILON)).expandDims(1));
    }

    /**
     * Squared Euclidean distances of every pair of rows, {@code N x N}: \( \lVert x_i \rVert^2 +
     * \lVert x_j \rVert^2 - 2 x_i^\top x_j \), clamped below at 1e-12 as the SEC authors' pair
     * losses compute them.
     */
    public static NDArray squaredDistances(NDArray x) {
        NDArray squares = x.mul(x).sum(new int[] {1}, true);
        return squares.add(squares.transpose())
                .sub(x.matMul(x.transpose()).mul(GraphConstants.scalar(x, 2)))
                .maximum(GraphConstants.scalar(x, EPSILON));
    }
}

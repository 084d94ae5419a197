package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Which pairs of a batch share a class, as 0/1 masks of the embeddings' type in engine memory: the
 * positives and negatives every supervised and pair-based loss sums over.
 */
public final class Pairs {

    private Pairs() {}

    /** {@code [i][j] = 1} where rows i and j have one label and {@code i != j}. */
    public static NDArray positives(NDArray like, int[] labels) {
        return mask(like, labels, true);
    }

    /** {@code [i][j] = 1} where rows i and j have different labels. */
    public static NDArray negatives(NDArray like, int[] labels) {
        return mask(like, labels, false);
    }

    private static NDArray mask(NDArray like, int[] labels, boolean same) {
        int n = labels.length;
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean match = labels[i] == labels[j];
                m[i * n + j] = (same ? match && i != j : !match) ? 1 : 0;
            }
        }
        return GraphConstants.values(like, m, new Shape(n, n));
    }

    /**
     * Refuses a batch in which a loss finds no positive: a class with one image (every class needs
     * two, {@code PK} sampling gives K), naming the class.
     */
    static void requirePositives(String loss, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            boolean found = false;
            for (int j = 0; j < labels.length && !found; j++) {
                found = j != i && labels[j] == labels[i];
            }
            if (!found) {
                throw new IllegalArgumentException(
                        loss
                                + " needs two images of every class in a batch; class "
                                + labels[i]
                                + " has one");
            }
        }
    }
}

package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The multi-class N-pair loss (Sohn, NeurIPS 2016), normalized as the SEC authors train it ({@code
 * Dyfine/SphericalEmbedding} {@code loss.py} at 9572b629: embeddings L2-normalized and scaled by s
 * = 5). From each class of the batch (in label order) the first image is its anchor \( a_c \) and
 * the second its positive \( p_c \): \[ \ell = \frac{1}{C} \sum_c -\log \frac{e^{s^2 \hat a_c^\top
 * \hat p_c}}{\sum_{c'} e^{s^2 \hat a_c^\top \hat p_{c'}}}, \] the positives of the other classes
 * being the negatives; further images of a class are not used.
 */
public final class NPairLoss {

    /** The SEC authors' scale of the normalized embeddings. */
    public static final double SCALE = 5.0;

    /**
     * @param z {@code N x D} raw embeddings
     * @param labels their classes; every class needs two images
     * @return a scalar
     */
    public NDArray compute(NDArray z, int[] labels) {
        Pairs.requirePositives("the N-pair loss", labels);
        Map<Integer, long[]> firstTwo = new TreeMap<>();
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            int k = seen.merge(labels[i], 1, Integer::sum);
            if (k <= 2) {
                firstTwo.computeIfAbsent(labels[i], c -> new long[2])[k - 1] = i;
            }
        }
        int classes = firstTwo.size();
        long[] anchors = new long[classes];
        long[] positives = new long[classes];
        int c = 0;
        for (long[] pair : firstTwo.values()) {
            anchors[c] = pair[0];
            positives[c++] = pair[1];
        }
        NDArray u = Embeddings.l2Normalize(z).mul(GraphConstants.scalar(z, SCALE));
        NDArray a = u.get(GraphConstants.indices(z.getManager(), anchors, new Shape(classes)));
        NDArray p = u.get(GraphConstants.indices(z.getManager(), positives, new Shape(classes)));
        NDArray logProb = a.matMul(p.transpose()).logSoftmax(1);
        NDArray eye = z.getManager().eye(classes).toType(logProb.getDataType(), false);
        return logProb.mul(eye).sum().div(GraphConstants.scalar(logProb, -classes));
    }
}

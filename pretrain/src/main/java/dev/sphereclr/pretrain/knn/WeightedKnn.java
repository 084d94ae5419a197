package dev.sphereclr.pretrain.knn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Weighted kNN on unit-length features: each test feature's k most cosine-similar training features
 * vote for their labels with weight \( e^{s / T} \); a class's score is the sum of its votes (k =
 * 200 and T = 0.1 by default, as InstDisc and solo-learn use).
 */
public final class WeightedKnn {

    /** Test rows per similarity block: bounds memory to {@code CHUNK x trainCount} floats. */
    private static final int CHUNK = 256;

    private final int k;
    private final double temperature;

    /**
     * @param k neighbours, at least 1
     * @param temperature T, positive
     */
    public WeightedKnn(int k, double temperature) {
        if (k < 1) {
            throw new IllegalArgumentException("kNN k must be >= 1, got " + k);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException(
                    "kNN temperature must be positive, got " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    /** k = 200, T = 0.1. */
    public static WeightedKnn standard() {
        return new WeightedKnn(200, 0.1);
    }

    /**
     * The class scores of every test row.
     *
     * @param train unit-length training features
     * @param test unit-length test features (labels unused)
     * @return {@code test.count() x train.classes()} scores
     */
    public double[][] scores(NDManager manager, FeatureSet train, FeatureSet test) {
        if (train.dimension() != test.dimension()) {
            throw new IllegalArgumentException(
                    "train features have "
                            + train.dimension()
                            + " dimensions, test "
                            + test.dimension());
        }
        int kk = Math.min(k, train.count());
        double[][] scores = new double[test.count()][train.classes()];
        try (NDManager scope = manager.newSubManager()) {
            NDArray trainT =
                    scope.create(train.features(), new Shape(train.count(), train.dimension()))
                            .transpose();
            int d = test.dimension();
            for (int from = 0; from < test.count(); from += CHUNK) {
                int rows = Math.min(CHUNK, test.count() - from);
                try (NDManager block = scope.newSubManager()) {
                    float[] part = new float[rows * d];
                    System.arraycopy(test.features(), from * d, part, 0, rows * d);
                    NDArray similarity = block.create(part, new Shape(rows, d)).matMul(trainT);
                    NDList top = similarity.topK(kk, 1, true, true);
                    float[] values = top.get(0).toFloatArray();
                    long[] indices = top.get(1).toLongArray();
                    for (int r = 0; r < rows; r++) {
                        double[] row = scores[from + r];
                        for (int j = 0; j < kk; j++) {
                            int neighbour = (int) indices[r * kk + j];
                            row[train.labels()[neighbour]] +=
                                    Math.exp(values[r * kk + j] / temperature);
                        }
                    }
                }
            }
        }
        return scores;
    }

    /** Classifies {@code test} and compares with its labels. */
    public TopKAccuracy evaluate(NDManager manager, FeatureSet train, FeatureSet test) {
        return accuracy(scores(manager, train, test), test.labels());
    }

    /** Top-1 and top-5 accuracy of class scores against labels (see {@link TopKAccuracy}). */
    public static TopKAccuracy accuracy(double[][] scores, int[] labels) {
        return TopKAccuracy.of(
                (i, c) -> scores[i][c], scores.length == 0 ? 0 : scores[0].length, labels);
    }
}

package dev.sphereclr.pretrain.knn;

/**
 * Embeddings of a dataset split: {@code count x dimension} floats, row-major, with labels.
 *
 * @param features {@code count * dimension} floats
 * @param labels class index per row
 * @param dimension floats per row
 * @param classes number of classes
 */
public record FeatureSet(float[] features, int[] labels, int dimension, int classes) {

    /** Checks the sizes. */
    public FeatureSet {
        if (dimension <= 0 || features.length != (long) labels.length * dimension) {
            throw new IllegalArgumentException(
                    features.length
                            + " floats do not make "
                            + labels.length
                            + " rows of "
                            + dimension);
        }
    }

    /** Number of rows. */
    public int count() {
        return labels.length;
    }

    /** A copy with every row scaled to unit length. */
    public FeatureSet normalized() {
        float[] out = features.clone();
        for (int i = 0; i < count(); i++) {
            double sum = 0;
            for (int j = 0; j < dimension; j++) {
                float v = out[i * dimension + j];
                sum += v * v;
            }
            float inverse = (float) (1 / Math.max(Math.sqrt(sum), 1e-12));
            for (int j = 0; j < dimension; j++) {
                out[i * dimension + j] *= inverse;
            }
        }
        return new FeatureSet(out, labels, dimension, classes);
    }
}

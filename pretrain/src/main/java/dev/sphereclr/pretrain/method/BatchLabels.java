package dev.sphereclr.pretrain.method;

/** The classes of the batch a supervised method steps on, handed to it before each step. */
final class BatchLabels {

    private int[] labels;

    /** Keeps a copy of the next step's labels. */
    void use(int[] labels) {
        this.labels = labels.clone();
    }

    /**
     * The labels of the step's {@code n} images.
     *
     * @throws IllegalStateException when the step gave none, or those of another batch
     */
    int[] of(long n, String method) {
        if (labels == null || labels.length != n) {
            throw new IllegalStateException(
                    method + "'s step needs the labels of its " + n + " images (useLabels)");
        }
        return labels;
    }
}

package dev.sphereclr.pretrain.knn;

/**
 * Top-1 and top-5 accuracy of class scores against labels: the one rule of the kNN and both linear
 * probes. The best class is the highest score, ties going to the lower class; a label is among the
 * top five when fewer than five classes score strictly above it.
 *
 * @param top1 fraction whose best-scored class is the label
 * @param top5 fraction whose label is among the 5 best-scored classes
 * @param predicted best class per row
 */
public record TopKAccuracy(double top1, double top5, int[] predicted) {

    /** The score of class {@code c} for row {@code row}. */
    @FunctionalInterface
    public interface Scores {
        /** The score. */
        double at(int row, int c);
    }

    /** Scores {@code labels.length} rows of {@code classes} classes against their labels. */
    public static TopKAccuracy of(Scores scores, int classes, int[] labels) {
        int hit1 = 0;
        int hit5 = 0;
        int[] predicted = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            int above = 0;
            double own = scores.at(i, labels[i]);
            for (int c = 0; c < classes; c++) {
                double v = scores.at(i, c);
                if (v > scores.at(i, best)) {
                    best = c;
                }
                if (v > own) {
                    above++;
                }
            }
            predicted[i] = best;
            hit1 += best == labels[i] ? 1 : 0;
            hit5 += above < 5 ? 1 : 0;
        }
        return new TopKAccuracy(
                (double) hit1 / labels.length, (double) hit5 / labels.length, predicted);
    }
}

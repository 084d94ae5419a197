package dev.sphereclr.eval.probe;

/**
 * What a classifier achieved on a labelled test split.
 *
 * @param top1 fraction of test images whose best class is right
 * @param top5 fraction whose label is among the five best classes
 * @param perClass top-1 accuracy per class
 * @param confusion counts, {@code confusion[label][predicted]}
 */
public record Evaluation(double top1, double top5, double[] perClass, int[][] confusion) {

    /** Scores every row against its label; ties go to the lower class. */
    public static Evaluation of(float[] scores, int classes, int[] labels) {
        int[][] confusion = new int[classes][classes];
        int hit1 = 0;
        int hit5 = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            int above = 0;
            float own = scores[i * classes + labels[i]];
            for (int c = 0; c < classes; c++) {
                float v = scores[i * classes + c];
                if (v > scores[i * classes + best]) {
                    best = c;
                }
                if (v > own) {
                    above++;
                }
            }
            confusion[labels[i]][best]++;
            hit1 += best == labels[i] ? 1 : 0;
            hit5 += above < 5 ? 1 : 0;
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            int total = 0;
            for (int p = 0; p < classes; p++) {
                total += confusion[c][p];
            }
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return new Evaluation(
                (double) hit1 / labels.length, (double) hit5 / labels.length, perClass, confusion);
    }
}

package dev.sphereclr.eval.probe;

import dev.sphereclr.pretrain.knn.TopKAccuracy;

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
        TopKAccuracy accuracy = TopKAccuracy.of((i, c) -> scores[i * classes + c], classes, labels);
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][accuracy.predicted()[i]]++;
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            int total = 0;
            for (int p = 0; p < classes; p++) {
                total += confusion[c][p];
            }
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return new Evaluation(accuracy.top1(), accuracy.top5(), perClass, confusion);
    }
}

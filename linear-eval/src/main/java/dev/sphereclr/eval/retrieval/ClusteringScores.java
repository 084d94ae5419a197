package dev.sphereclr.eval.retrieval;

import java.util.HashMap;
import java.util.Map;

/**
 * How well a clustering matches the classes, as the SEC authors' {@code evaluation.py} scores
 * k-means with one cluster per test class.
 *
 * <p>NMI: \( \frac{2 I(\Omega; C)}{H(\Omega) + H(C)} \) with natural logarithms, the arithmetic
 * normalization that is scikit-learn's {@code normalized_mutual_info_score} default.
 *
 * <p>F1 of pairs: of the pairs of points in one cluster (TP + FP), TP share their class; of the
 * pairs sharing a class (TP + FN), TP share a cluster; \( F_1 = 2PR / (P + R) \), 0 where no pair
 * is in one cluster.
 *
 * @param nmi normalized mutual information, in [0, 1]
 * @param f1 F-measure of the pairs, in [0, 1]
 */
public record ClusteringScores(double nmi, double f1) {

    /** The scores of {@code clusters} against {@code classes}, one entry per point. */
    public static ClusteringScores of(int[] clusters, int[] classes) {
        int n = clusters.length;
        Map<Integer, Integer> byCluster = counts(clusters);
        Map<Integer, Integer> byClass = counts(classes);
        Map<Long, Integer> joint = new HashMap<>();
        for (int i = 0; i < n; i++) {
            joint.merge(((long) clusters[i] << 32) | (classes[i] & 0xffffffffL), 1, Integer::sum);
        }
        double mutual = 0;
        for (Map.Entry<Long, Integer> e : joint.entrySet()) {
            double nij = e.getValue();
            int cluster = (int) (e.getKey() >> 32);
            int cls = (int) (long) e.getKey();
            mutual +=
                    nij
                            / n
                            * Math.log(
                                    n * nij / ((double) byCluster.get(cluster) * byClass.get(cls)));
        }
        double entropies = entropy(byCluster, n) + entropy(byClass, n);
        double nmi = entropies == 0 ? 1 : 2 * mutual / entropies;

        double inCluster = pairs(byCluster);
        double inClass = pairs(byClass);
        double both = 0;
        for (int v : joint.values()) {
            both += pairs(v);
        }
        double precision = inCluster == 0 ? 0 : both / inCluster;
        double recall = inClass == 0 ? 0 : both / inClass;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClusteringScores(nmi, f1);
    }

    private static Map<Integer, Integer> counts(int[] ids) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int id : ids) {
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    private static double entropy(Map<Integer, Integer> counts, int n) {
        double h = 0;
        for (int c : counts.values()) {
            h -= (double) c / n * Math.log((double) c / n);
        }
        return h;
    }

    private static double pairs(Map<Integer, Integer> counts) {
        double sum = 0;
        for (int c : counts.values()) {
            sum += pairs(c);
        }
        return sum;
    }

    private static double pairs(int count) {
        return count * (count - 1) / 2.0;
    }
}

package dev.sphereclr.eval.retrieval;

import dev.sphereclr.pretrain.knn.FeatureSet;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Recall@K of retrieval among the test images, the metric-learning protocol (Oh Song et al. 2016;
 * the SEC paper's tables): each test image is a query against all the other test images, ranked by
 * cosine similarity \( s_{ij} = x_i \cdot x_j / (\lVert x_i \rVert \lVert x_j \rVert) \), and it
 * hits at K when one of its K nearest has its class. As the SEC authors' {@code evaluation.py}
 * counts it: with \( p_i = \max_{j \ne i, y_j = y_i} s_{ij} \) and \( n_i = |\{j : y_j \ne y_i,
 * s_{ij} > p_i\}| \), query i hits at K iff \( n_i < K \), so that a tie goes to the positive. \[
 * R@K = \frac{1}{|Q|} \sum_{i \in Q} [n_i < K] \] over the queries Q that have another image of
 * their class; a query alone in its class has nothing to find and is left out, counted in {@link
 * Result#withoutPositive()}. (The authors keep the query in its own gallery at similarity 0; here
 * it is not in it.)
 *
 * <p>Similarities are computed in double precision from the features, a query at a time.
 */
public final class RecallAtK {

    /** The default K, as the paper reports CUB-200 and Cars196. */
    public static final int[] DEFAULT_KS = {1, 2, 4, 8, 16, 32};

    /**
     * @param ks the K, ascending
     * @param recall Recall@K for each K
     * @param queries the queries counted (those with another image of their class)
     * @param withoutPositive the queries left out: alone in their class
     */
    public record Result(int[] ks, double[] recall, int queries, int withoutPositive) {}

    private RecallAtK() {}

    /** Recall@K of {@code set} for each of {@code ks}. */
    public static Result compute(FeatureSet set, int[] ks) {
        Similarities s = new Similarities(set);
        int n = set.count();
        int[] missed = new int[n];
        boolean[] counted = new boolean[n];
        IntStream.range(0, n)
                .parallel()
                .forEach(
                        i -> {
                            double[] row = s.row(i);
                            double best = Double.NEGATIVE_INFINITY;
                            for (int j = 0; j < n; j++) {
                                if (j != i && set.labels()[j] == set.labels()[i]) {
                                    best = Math.max(best, row[j]);
                                    counted[i] = true;
                                }
                            }
                            int negatives = 0;
                            for (int j = 0; j < n; j++) {
                                if (set.labels()[j] != set.labels()[i] && row[j] > best) {
                                    negatives++;
                                }
                            }
                            missed[i] = negatives;
                        });
        int queries = 0;
        double[] recall = new double[ks.length];
        for (int i = 0; i < n; i++) {
            if (counted[i]) {
                queries++;
                for (int k = 0; k < ks.length; k++) {
                    recall[k] += missed[i] < ks[k] ? 1 : 0;
                }
            }
        }
        for (int k = 0; k < ks.length; k++) {
            recall[k] = queries == 0 ? Double.NaN : recall[k] / queries;
        }
        return new Result(ks.clone(), recall, queries, n - queries);
    }

    /** The {@code k} images most similar to {@code query}, itself left out; ties by index. */
    public static int[] nearest(FeatureSet set, int query, int k) {
        double[] row = new Similarities(set).row(query);
        return IntStream.range(0, set.count())
                .filter(j -> j != query)
                .boxed()
                .sorted(
                        (a, b) ->
                                a.equals(b)
                                        ? 0
                                        : row[a] != row[b] ? Double.compare(row[b], row[a]) : a - b)
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** Cosine similarities of one row against all, in double precision. */
    private static final class Similarities {
        private final float[] x;
        private final int d;
        private final double[] norms;

        Similarities(FeatureSet set) {
            this.x = set.features();
            this.d = set.dimension();
            this.norms = new double[set.count()];
            for (int i = 0; i < norms.length; i++) {
                double sum = 0;
                for (int c = 0; c < d; c++) {
                    double v = x[i * d + c];
                    sum += v * v;
                }
                norms[i] = Math.sqrt(sum);
            }
        }

        double[] row(int i) {
            double[] row = new double[norms.length];
            for (int j = 0; j < row.length; j++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) x[i * d + c] * x[j * d + c];
                }
                double scale = norms[i] * norms[j];
                row[j] = scale == 0 ? 0 : dot / scale; // a zero vector is similar to nothing
            }
            return row;
        }
    }

    /** The K of {@code --recall-at}: positive, ascending, without repeats. */
    public static int[] parse(String option, String value) {
        int[] ks;
        try {
            ks =
                    Arrays.stream(value.split(","))
                            .map(String::trim)
                            .mapToInt(Integer::parseInt)
                            .toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " = " + value + ": a list of whole numbers, e.g. 1,2,4,8");
        }
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] < 1 || i > 0 && ks[i] <= ks[i - 1]) {
                throw new IllegalArgumentException(
                        option + " = " + value + ": each K >= 1, ascending, e.g. 1,2,4,8");
            }
        }
        return ks;
    }
}

package dev.sphereclr.eval.retrieval;

import dev.sphereclr.pretrain.knn.FeatureSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means (Lloyd's algorithm) with k-means++ seeding (Arthur and Vassilvitskii 2007), the best of
 * several restarts by inertia \( \sum_i \lVert x_i - c_{a_i} \rVert^2 \), as scikit-learn's {@code
 * KMeans} that the SEC authors cluster with. Each restart draws from its own stream of the seed, so
 * the clustering is the same on every machine; a restart stops when no assignment changes or after
 * {@link #MAX_ITERATIONS}. A cluster left empty takes the point farthest from its centre.
 */
public final class KMeans {

    /** Lloyd iterations a restart may take at most (scikit-learn's default). */
    static final int MAX_ITERATIONS = 300;

    private KMeans() {}

    /**
     * The cluster of each row of {@code set}.
     *
     * @param k clusters, at most the number of rows
     * @param restarts seeded restarts, the best kept (scikit-learn's former default: 10)
     */
    public static int[] cluster(FeatureSet set, int k, int restarts, long seed) {
        int n = set.count();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(k + " clusters of " + n + " points");
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        int[] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            Run run = new Run(set, k, seeds.split());
            if (run.inertia < bestInertia) {
                bestInertia = run.inertia;
                best = run.assignment;
            }
        }
        return best;
    }

    /** One restart: seeding, then Lloyd's iterations. */
    private static final class Run {
        private final float[] x;
        private final int n;
        private final int d;
        private final double[] centres;
        private final int[] assignment;
        private double inertia;

        Run(FeatureSet set, int k, SplittableRandom random) {
            x = set.features();
            n = set.count();
            d = set.dimension();
            centres = new double[k * d];
            assignment = new int[n];
            seed(k, random);
            assign(k);
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                update(k);
                if (!assign(k)) {
                    break;
                }
            }
        }

        /** k-means++: each next centre a point drawn with probability proportional to D(x)^2. */
        private void seed(int k, SplittableRandom random) {
            copy(random.nextInt(n), 0);
            double[] nearest = new double[n];
            for (int i = 0; i < n; i++) {
                nearest[i] = distance(i, 0);
            }
            for (int c = 1; c < k; c++) {
                double total = 0;
                for (double v : nearest) {
                    total += v;
                }
                int pick = n - 1;
                double u = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    u -= nearest[i];
                    if (u < 0) {
                        pick = i;
                        break;
                    }
                }
                copy(pick, c);
                for (int i = 0; i < n; i++) {
                    nearest[i] = Math.min(nearest[i], distance(i, c));
                }
            }
        }

        /** Assigns each point its nearest centre; whether any assignment changed. */
        private boolean assign(int k) {
            double[] dist = new double[n];
            int[] next =
                    IntStream.range(0, n)
                            .parallel()
                            .map(
                                    i -> {
                                        int arg = 0;
                                        double min = Double.POSITIVE_INFINITY;
                                        for (int c = 0; c < k; c++) {
                                            double v = distance(i, c);
                                            if (v < min) {
                                                min = v;
                                                arg = c;
                                            }
                                        }
                                        dist[i] = min;
                                        return arg;
                                    })
                            .toArray();
            boolean changed = false;
            inertia = 0;
            for (int i = 0; i < n; i++) {
                changed |= next[i] != assignment[i];
                assignment[i] = next[i];
                inertia += dist[i];
            }
            return changed;
        }

        /** Moves each centre to the mean of its points; an empty one to the farthest point. */
        private void update(int k) {
            int[] counts = new int[k];
            Arrays.fill(centres, 0);
            for (int i = 0; i < n; i++) {
                counts[assignment[i]]++;
                for (int c = 0; c < d; c++) {
                    centres[assignment[i] * d + c] += x[i * d + c];
                }
            }
            for (int cl = 0; cl < k; cl++) {
                if (counts[cl] == 0) {
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    centres[cl * d + c] /= counts[cl];
                }
            }
            for (int cl = 0; cl < k; cl++) {
                if (counts[cl] == 0) {
                    int far = 0;
                    double max = -1;
                    for (int i = 0; i < n; i++) {
                        double v = distance(i, assignment[i]);
                        if (v > max) {
                            max = v;
                            far = i;
                        }
                    }
                    copy(far, cl);
                    assignment[far] = cl;
                }
            }
        }

        private void copy(int point, int centre) {
            for (int c = 0; c < d; c++) {
                centres[centre * d + c] = x[point * d + c];
            }
        }

        private double distance(int point, int centre) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                double v = x[point * d + c] - centres[centre * d + c];
                sum += v * v;
            }
            return sum;
        }
    }
}

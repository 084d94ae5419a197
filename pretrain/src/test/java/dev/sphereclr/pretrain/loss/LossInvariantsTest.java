package dev.sphereclr.pretrain.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of the losses that hold for any input: the lightly way of testing losses. */
class LossInvariantsTest {

    static double[][] random(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextDouble() * 2 - 1;
            }
        }
        return x;
    }

    /** NT-Xent written from the paper's definition with plain loops. */
    static double ntXentReference(double[][] z1, double[][] z2, double t) {
        int n = z1.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = normalize(z1[i]);
            z[n + i] = normalize(z2[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int pos = (i + n) % (2 * n);
            double denominator = 0;
            for (int j = 0; j < 2 * n; j++) {
                if (j != i) {
                    denominator += Math.exp(dot(z[i], z[j]) / t);
                }
            }
            total += -Math.log(Math.exp(dot(z[i], z[pos]) / t) / denominator);
        }
        return total / (2 * n);
    }

    static double[] normalize(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static NDArray array(NDManager m, double[][] x) {
        double[] flat = new double[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
        }
        return m.create(flat, new Shape(x.length, x[0].length));
    }

    @Test
    void ntXentMatchesAPlainLoopReferenceOverAGrid() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int n : new int[] {2, 5, 16}) {
                for (int d : new int[] {3, 32}) {
                    for (double t : new double[] {0.07, 0.5, 1.0}) {
                        double[][] z1 = random(n, d, n * 100L + d);
                        double[][] z2 = random(n, d, n * 100L + d + 1);
                        double got =
                                new NtXentLoss(t).compute(array(m, z1), array(m, z2)).getDouble();
                        assertEquals(
                                ntXentReference(z1, z2, t),
                                got,
                                1e-9,
                                "n=" + n + " d=" + d + " t=" + t);
                    }
                }
            }
        }
    }

    @Test
    void ntXentIsSymmetricInItsViews() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = array(m, random(8, 16, 1));
            NDArray b = array(m, random(8, 16, 2));
            NtXentLoss loss = new NtXentLoss(0.3);
            assertEquals(loss.compute(a, b).getDouble(), loss.compute(b, a).getDouble(), 1e-12);
        }
    }

    @Test
    void ntXentOfIdenticalEmbeddingsIsLogOfTwoNMinusOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] same = new double[6][4];
            for (double[] row : same) {
                java.util.Arrays.fill(row, 0.7);
            }
            NDArray z = array(m, same);
            assertEquals(Math.log(2 * 6 - 1), new NtXentLoss(0.5).compute(z, z).getDouble(), 1e-9);
        }
    }

    @Test
    void secIsZeroOnASphereAndTheL2AblationIsTheMeanSquaredNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] x = random(10, 8, 4);
            double[][] sphere = new double[10][];
            for (int i = 0; i < 10; i++) {
                double[] u = normalize(x[i]);
                sphere[i] = new double[8];
                for (int j = 0; j < 8; j++) {
                    sphere[i][j] = 3 * u[j];
                }
            }
            var onSphere = SphericalEmbeddingConstraint.batchMean().compute(array(m, sphere));
            assertEquals(0, onSphere.loss().getDouble(), 1e-20);
            assertEquals(3, value(onSphere.mu()), 1e-12);
            assertEquals(0, value(onSphere.normVariance()), 1e-20);

            var l2 =
                    new SphericalEmbeddingConstraint(SphericalEmbeddingConstraint.Target.ZERO, 1.0)
                            .compute(array(m, x));
            double meanSquare = 0;
            for (double[] row : x) {
                meanSquare += dot(row, row) / x.length;
            }
            assertEquals(meanSquare, l2.loss().getDouble(), 1e-12);
            assertEquals(0, value(l2.mu()));
        }
    }

    @Test
    void secMovingMeanStartsAtTheFirstBatchThenMoves() {
        try (NDManager m = NDManager.newBaseManager()) {
            SphericalEmbeddingConstraint sec =
                    new SphericalEmbeddingConstraint(
                            SphericalEmbeddingConstraint.Target.MEAN, 0.25);
            var first = sec.compute(array(m, new double[][] {{3, 4}, {6, 8}}));
            assertEquals(7.5, value(first.mu()), 1e-12);
            var second = sec.compute(array(m, new double[][] {{0, 1}, {0, 3}}));
            assertEquals(0.75 * 7.5 + 0.25 * 2, value(second.mu()), 1e-12);
            assertEquals(value(second.mu()), sec.movingMean(), 0);
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            new SphericalEmbeddingConstraint(
                                    SphericalEmbeddingConstraint.Target.MEAN, 1.5));
        }
    }

    @Test
    void infoNceWithAPerfectKeyAndOrthogonalQueueIsTheSoftmaxFloor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = array(m, new double[][] {{1, 0, 0}});
            NDArray queue = array(m, new double[][] {{0, 1, 0}, {0, 0, 1}});
            double t = 0.5;
            double expected = -Math.log(Math.exp(1 / t) / (Math.exp(1 / t) + 2));
            assertEquals(expected, new InfoNceLoss(t).compute(q, q, queue).getDouble(), 1e-12);
        }
    }

    private static double value(ai.djl.ndarray.NDArray scalar) {
        return scalar.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
}

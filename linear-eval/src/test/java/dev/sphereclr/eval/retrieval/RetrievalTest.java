package dev.sphereclr.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.pretrain.knn.FeatureSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    /** {@code classes} tight clusters of {@code each} points around far-apart centres. */
    private static FeatureSet blobs(int classes, int each, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[classes * each * d];
        int[] labels = new int[classes * each];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < each; i++) {
                int row = c * each + i;
                labels[row] = c;
                for (int j = 0; j < d; j++) {
                    x[row * d + j] = (float) ((j % classes == c ? 10 : 0) + 0.1 * r.nextGaussian());
                }
            }
        }
        return new FeatureSet(x, labels, d, classes);
    }

    @Test
    void kMeansFindsSeparatedClassesAndScoresThemPerfectly() {
        FeatureSet set = blobs(5, 12, 10, 3);
        int[] clusters = KMeans.cluster(set, 5, 4, 42);
        ClusteringScores s = ClusteringScores.of(clusters, set.labels());
        assertEquals(1.0, s.nmi(), 1e-12);
        assertEquals(1.0, s.f1(), 1e-12);
        // Seeded: the same clustering every time.
        assertArrayEquals(clusters, KMeans.cluster(set, 5, 4, 42));
        RecallAtK.Result r = RecallAtK.compute(set, new int[] {1, 4});
        assertArrayEquals(new double[] {1, 1}, r.recall());
    }

    @Test
    void aClassOfOneImageIsLeftOutAndCounted() {
        FeatureSet set =
                new FeatureSet(new float[] {1, 0, 0.9f, 0.1f, 0, 1}, new int[] {0, 0, 1}, 2, 2);
        RecallAtK.Result r = RecallAtK.compute(set, new int[] {1});
        assertEquals(2, r.queries());
        assertEquals(1, r.withoutPositive());
        assertArrayEquals(new double[] {1}, r.recall());
    }

    @Test
    void aTieBetweenThePositiveAndANegativeGoesToTheQuery() {
        // Query 0's positive (1) and a negative (2) are the same vector: as evaluation.py counts
        // it, a hit. Query 1 meets the negative at similarity 1 above its positive: a miss. The
        // negative is alone in its class and left out as a query.
        FeatureSet set =
                new FeatureSet(
                        new float[] {1, 0, 0.6f, 0.8f, 0.6f, 0.8f}, new int[] {0, 0, 1}, 2, 2);
        assertArrayEquals(new double[] {0.5}, RecallAtK.compute(set, new int[] {1}).recall());
        assertArrayEquals(new int[] {1, 2}, RecallAtK.nearest(set, 0, 2));
    }

    @Test
    void recallAtRefusesWhatIsNoListOfK() {
        assertArrayEquals(new int[] {1, 10, 100}, RecallAtK.parse("--recall-at", "1, 10,100"));
        for (String bad : new String[] {"0,1", "4,2", "1,x", ""}) {
            var e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> RecallAtK.parse("--recall-at", bad));
            assertTrue(e.getMessage().startsWith("--recall-at = "), e.getMessage());
        }
    }
}

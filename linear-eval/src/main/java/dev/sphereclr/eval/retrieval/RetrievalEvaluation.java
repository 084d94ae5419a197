package dev.sphereclr.eval.retrieval;

import dev.sphereclr.eval.report.RetrievalSection;
import dev.sphereclr.pretrain.knn.FeatureSet;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval protocol of metric learning on one split's embeddings: Recall@K ({@link
 * RecallAtK}), and k-means with one cluster per class scored by NMI and F1 ({@link KMeans}, {@link
 * ClusteringScores}), as the SEC paper reports CUB-200 and Cars196.
 */
public final class RetrievalEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(RetrievalEvaluation.class);

    /** The settings of the protocol. */
    public static final class Settings {
        public int[] recallAt = RecallAtK.DEFAULT_KS;

        /** Restarts of k-means, the best kept (scikit-learn's former default). */
        public int kmeansRestarts = 10;

        public long seed = ComputeOptions.DEFAULT_SEED;

        /** Queries shown in the report's picture, evenly spaced over the split. */
        public int examples = 6;

        /** Images shown for each of them. */
        public int shown = 8;
    }

    private RetrievalEvaluation() {}

    /** Recall@K, NMI and F1 of {@code test} (its classes named by {@code classes}). */
    public static RetrievalSection run(FeatureSet test, List<String> classes, Settings s) {
        RetrievalSection r = new RetrievalSection();
        r.protocol =
                "each test image a query against all the other test images, by cosine similarity;"
                        + " a hit at K when one of its K nearest shares its class, ties counted"
                        + " for the query (as the SEC authors' evaluation.py)";
        RecallAtK.Result recall = RecallAtK.compute(test, s.recallAt);
        r.recallAt = recall.ks();
        r.recall = recall.recall();
        r.queries = recall.queries();
        r.queriesWithoutPositive = recall.withoutPositive();
        if (recall.withoutPositive() > 0) {
            LOG.warn(
                    "{} test images are alone in their class: left out of Recall@K",
                    recall.withoutPositive());
        }
        int k = (int) java.util.Arrays.stream(test.labels()).distinct().count();
        r.clusters = k;
        r.kmeansRestarts = s.kmeansRestarts;
        r.kmeansSeed = s.seed;
        ClusteringScores scores =
                ClusteringScores.of(
                        KMeans.cluster(test.normalized(), k, s.kmeansRestarts, s.seed),
                        test.labels());
        r.nmi = scores.nmi();
        r.f1 = scores.f1();
        LOG.info(
                "Recall@{} {}, NMI {}, F1 {}",
                r.recallAt[0],
                String.format(Locale.ROOT, "%.4f", r.recall[0]),
                String.format(Locale.ROOT, "%.4f", r.nmi),
                String.format(Locale.ROOT, "%.4f", r.f1));
        int n = test.count();
        for (int e = 0; e < Math.min(s.examples, n); e++) {
            RetrievalSection.Example ex = new RetrievalSection.Example();
            ex.query = (int) ((long) e * n / Math.min(s.examples, n));
            ex.queryClass = classes.get(test.labels()[ex.query]);
            ex.retrieved = RecallAtK.nearest(test, ex.query, s.shown);
            ex.hits = new boolean[ex.retrieved.length];
            for (int j = 0; j < ex.retrieved.length; j++) {
                ex.hits[j] = test.labels()[ex.retrieved[j]] == test.labels()[ex.query];
            }
            r.examples.add(ex);
        }
        return r;
    }
}

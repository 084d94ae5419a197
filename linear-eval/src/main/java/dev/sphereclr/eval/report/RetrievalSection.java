package dev.sphereclr.eval.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What retrieval among the test images found, as written to {@code report.json}: Recall@K, and the
 * NMI and F1 of k-means with one cluster per test class.
 */
public final class RetrievalSection {

    /** One query with the images it retrieved first, for the report's picture. */
    public static final class Example {
        /** The query's index in the test split. */
        public int query;

        public String queryClass;

        /** The test images most similar to the query, best first. */
        public int[] retrieved;

        /** Whether each retrieved image has the query's class. */
        public boolean[] hits;
    }

    /** How the numbers were counted, in a sentence. */
    public String protocol;

    public int[] recallAt;
    public double[] recall;

    /** The queries counted: those with another test image of their class. */
    public int queries;

    /** The queries left out: alone in their class, nothing to retrieve. */
    public int queriesWithoutPositive;

    public int clusters;
    public int kmeansRestarts;
    public long kmeansSeed;
    public double nmi;
    public double f1;
    public List<Example> examples = new ArrayList<>();
}

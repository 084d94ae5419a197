package dev.sphereclr.eval.cli;

import dev.sphereclr.augment.data.ClassSplit;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.retrieval.RecallAtK;
import dev.sphereclr.eval.retrieval.RetrievalEvaluation;
import picocli.CommandLine.Option;

/** The options of retrieval evaluation, the metric-learning protocol; add with {@code @Mixin}. */
final class RetrievalOptions {

    @Option(
            names = "--retrieval",
            description =
                    "Also measure retrieval among the test images: Recall@K (--recall-at), and the"
                            + " NMI and F1 of k-means with one cluster per test class; the report"
                            + " shows what a few queries retrieve.")
    boolean retrieval;

    @Option(names = "--recall-at", description = "The K of Recall@K (default: 1,2,4,8,16,32).")
    String recallAt;

    @Option(
            names = ClassSplit.OPTION,
            description =
                    "first-half, or a file of training classes: the classes of one image folder"
                            + " split into training and test, none shared (CUB-200's and Cars196's"
                            + " protocol). Only retrieval is measured, on the test classes; implies"
                            + " --retrieval.")
    String classSplit;

    @Option(
            names = "--kmeans-restarts",
            description = "Seeded restarts of k-means, the best kept (default: 10).")
    Integer kmeansRestarts;

    /**
     * Writes the retrieval settings into {@code s}, or leaves them off.
     *
     * @throws IllegalArgumentException naming an option that has no effect or a bad value
     * @throws SettingException naming an unreadable {@code --class-split} file
     */
    void apply(LinearEvaluation.Settings s, long seed) throws SettingException {
        boolean on = retrieval || classSplit != null;
        if (!on && (recallAt != null || kmeansRestarts != null)) {
            throw new IllegalArgumentException(
                    "--recall-at and --kmeans-restarts have no effect without --retrieval");
        }
        if (!on) {
            return;
        }
        if (classSplit != null && s.features != null) {
            throw new IllegalArgumentException(
                    ClassSplit.OPTION + " splits an image folder; --features holds its splits");
        }
        if (classSplit != null && s.protocol == LinearEvaluation.Protocol.STANDARD) {
            throw new IllegalArgumentException(
                    ClassSplit.OPTION
                            + " measures retrieval only: --protocol standard trains a classifier");
        }
        RetrievalEvaluation.Settings r = new RetrievalEvaluation.Settings();
        if (recallAt != null) {
            r.recallAt = RecallAtK.parse("--recall-at", recallAt);
        }
        if (kmeansRestarts != null) {
            if (kmeansRestarts < 1) {
                throw new IllegalArgumentException(
                        "--kmeans-restarts = " + kmeansRestarts + " must be >= 1");
            }
            r.kmeansRestarts = kmeansRestarts;
        }
        r.seed = seed;
        s.retrieval = r;
        s.classSplit = classSplit == null ? null : ClassSplit.parse(classSplit);
    }
}

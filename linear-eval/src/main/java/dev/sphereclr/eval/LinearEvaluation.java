package dev.sphereclr.eval;

import ai.djl.ndarray.NDManager;
import dev.sphereclr.augment.data.CifarDownloader;
import dev.sphereclr.augment.data.ClassSplit;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.eval.features.EmbeddingTables;
import dev.sphereclr.eval.features.FeatureCache;
import dev.sphereclr.eval.features.HeadProjection;
import dev.sphereclr.eval.probe.Evaluation;
import dev.sphereclr.eval.probe.FastLinearProbe;
import dev.sphereclr.eval.probe.StandardLinearProbe;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.eval.report.ReportWriter;
import dev.sphereclr.eval.retrieval.RetrievalEvaluation;
import dev.sphereclr.eval.retrieval.RetrievalPicture;
import dev.sphereclr.pretrain.knn.FeatureSet;
import dev.sphereclr.pretrain.knn.TopKAccuracy;
import dev.sphereclr.pretrain.knn.WeightedKnn;
import dev.sphereclr.pretrain.watch.ProcessStats;
import dev.sphereclr.runtime.cli.ComputeOptions;
import dev.sphereclr.runtime.io.FolderLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of a frozen encoder on a dataset: features of both splits (cached), kNN, the
 * linear probe in the chosen protocol, and the reports.
 */
public final class LinearEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(LinearEvaluation.class);

    /** The probe protocols. */
    public enum Protocol {
        /** Logistic regression on cached features. */
        FAST,
        /** A linear layer trained through the frozen encoder with crop and flip. */
        STANDARD
    }

    /** The settings of an evaluation. */
    public static final class Settings {
        public String encoder;

        /** Load an export of format 1 without checksums ({@code --allow-unchecked}). */
        public boolean allowUnchecked;

        /**
         * What a {@code .safetensors} encoder's file does not say (input size, normalization), or
         * where a {@code random:} floor departs from its stem's defaults.
         */
        public SafetensorsEncoder.Options foreign = SafetensorsEncoder.Options.NONE;

        /** The architecture and stem a {@code .safetensors} encoder must have, or null. */
        public String expectedArchitecture;

        public String expectedStem;

        /**
         * Embeddings made elsewhere ({@code embed}'s train and test tables) instead of an encoder.
         */
        public Path features;

        public Datasets.Kind dataset = Datasets.Kind.CIFAR10;
        public Path data;
        public Path classList;

        /** Leave unreadable images out instead of stopping. */
        public boolean skipBadImages;

        public Protocol protocol = Protocol.FAST;
        public Path out = Path.of("runs", "eval");
        public Path cache;
        public int batchSize = 256;
        public int workers = 1;
        public int knnK = 200;
        public double knnTemperature = 0.1;
        public long seed = ComputeOptions.DEFAULT_SEED;
        public List<Path> pretrainRuns = List.of();

        /** The encoder's name in the report's comparison, and what it is compared with. */
        public String name;

        public List<EvalReport.Compared> compared = List.of();
        public FastLinearProbe.Settings fast = new FastLinearProbe.Settings();
        public StandardLinearProbe.Settings standard = new StandardLinearProbe.Settings();

        /**
         * Measure the projection head's output ({@code --embedding head}, the export's head on the
         * encoder's features) instead of the encoder's features.
         */
        public boolean headEmbedding;

        /** Retrieval among the test images ({@code --retrieval}), or null. */
        public RetrievalEvaluation.Settings retrieval;

        /**
         * Train and test on disjoint classes of one folder ({@code --class-split}), or null: then
         * only retrieval is measured, on the test classes.
         */
        public ClassSplit classSplit;
    }

    private LinearEvaluation() {}

    /**
     * Opens the encoder {@code s.encoder} names: an export folder, a {@code .safetensors} file of
     * torchvision's names, a TorchScript {@code .pt} file, or {@code random:...} ({@link
     * EvalEncoders}).
     */
    public static FrozenEncoder openEncoder(Settings s) throws IOException {
        return EvalEncoders.open(s);
    }

    /** Runs the evaluation and writes its reports into {@code settings.out}. */
    @SuppressWarnings("try") // the lock is held for the scope, not used
    public static EvalReport run(Settings s) throws IOException {
        long t0 = System.nanoTime();
        if (s.features != null) {
            EmbeddingTables tables = EmbeddingTables.read(s.features);
            try (FolderLock lock = FolderLock.acquire(s.out, "--out")) {
                return evaluate(s, tables, t0);
            }
        }
        ImageDataset test =
                Datasets.open(s.dataset, s.data, s.classList, s.classSplit, s.skipBadImages, false);
        // Disjoint classes: nothing to classify, only the test classes to retrieve among.
        ImageDataset train =
                s.classSplit != null
                        ? null
                        : Datasets.open(s.dataset, s.data, s.classList, s.skipBadImages, true);
        if (train != null) {
            checkClasses(train, test, s.data);
        }
        // The data is checked before the output folder is made or locked.
        try (FolderLock lock = FolderLock.acquire(s.out, "--out")) {
            return evaluate(s, train, test, t0);
        }
    }

    private static EvalReport evaluate(Settings s, ImageDataset train, ImageDataset test, long t0)
            throws IOException {
        EvalReport report = new EvalReport();
        try (FrozenEncoder encoder = openEncoder(s);
                HeadProjection head =
                        s.headEmbedding ? HeadProjection.open(Path.of(s.encoder)) : null;
                NDManager manager = NDManager.newBaseManager()) {
            FeatureCache cache =
                    new FeatureCache(
                            s.cache != null
                                    ? s.cache
                                    : CifarDownloader.defaultCache().resolve("features"));
            long f0 = System.nanoTime();
            boolean[] cached = {true};
            FeatureSet trainFeatures =
                    train == null
                            ? null
                            : cache.features(
                                    encoder, train, "train", s.batchSize, s.workers, cached);
            FeatureSet testFeatures =
                    cache.features(encoder, test, "test", s.batchSize, s.workers, cached);
            if (head != null) {
                trainFeatures = trainFeatures == null ? null : head.apply(trainFeatures);
                testFeatures = head.apply(testFeatures);
            }
            report.featureSeconds = (System.nanoTime() - f0) / 1e9;
            report.featuresFromCache = cached[0];
            report.encoder = s.headEmbedding ? s.encoder + " (projection head)" : s.encoder;
            report.embedding = s.headEmbedding ? "head" : "encoder";
            report.manifest = encoder.manifest();
            report.dataset = s.dataset.id();
            report.data = s.data == null ? s.dataset.defaultSource() : s.data.toString();
            report.classes = test.classes();
            if (train != null) {
                Evaluation standard =
                        s.protocol == Protocol.STANDARD
                                ? new StandardLinearProbe(s.standard).run(encoder, train, test)
                                : null;
                score(s, report, manager, trainFeatures, testFeatures, standard);
            } else {
                identify(s, report, null, testFeatures);
            }
            if (s.retrieval != null) {
                report.retrieval =
                        RetrievalEvaluation.run(testFeatures, test.classes(), s.retrieval);
                return finish(
                        s,
                        report,
                        t0,
                        Map.of("retrieval.png", RetrievalPicture.png(report.retrieval, test)));
            }
        }
        return finish(s, report, t0, Map.of());
    }

    /** The evaluation of embeddings {@code embed} wrote: kNN and the fast probe on them. */
    private static EvalReport evaluate(Settings s, EmbeddingTables tables, long t0)
            throws IOException {
        EvalReport report = new EvalReport();
        report.encoder = tables.encoder();
        report.dataset = "features";
        report.data = s.features.toString();
        report.classes = tables.classes();
        try (NDManager manager = NDManager.newBaseManager()) {
            score(s, report, manager, tables.train(), tables.test(), null);
        }
        if (s.retrieval != null) {
            report.retrieval =
                    RetrievalEvaluation.run(tables.test(), tables.classes(), s.retrieval);
        }
        return finish(s, report, t0, Map.of());
    }

    /** kNN, then the fast probe, or the {@code standard} probe's result when there is one. */
    private static void score(
            Settings s,
            EvalReport report,
            NDManager manager,
            FeatureSet train,
            FeatureSet test,
            Evaluation standard) {
        WeightedKnn knn = new WeightedKnn(s.knnK, s.knnTemperature);
        TopKAccuracy knnAccuracy = knn.evaluate(manager, train.normalized(), test.normalized());
        LOG.info("kNN top-1 {}", String.format(Locale.ROOT, "%.4f", knnAccuracy.top1()));
        Evaluation probe;
        if (standard == null) {
            FastLinearProbe.Result r = new FastLinearProbe(s.fast).run(manager, train, test);
            probe = r.test();
            report.protocolSettings = s.fast;
            report.protocolChoices.put("weightDecay", r.weightDecay());
            report.protocolChoices.put("heldOutTop1ByWeightDecay", r.holdoutAccuracy());
        } else {
            probe = standard;
            report.protocolSettings = s.standard;
        }
        identify(s, report, train, test);
        report.protocol = s.protocol.name().toLowerCase(Locale.ROOT);
        report.top1 = probe.top1();
        report.top5 = probe.top5();
        report.knnTop1 = knnAccuracy.top1();
        report.knnTop5 = knnAccuracy.top5();
        report.knnK = s.knnK;
        report.knnTemperature = s.knnTemperature;
        report.perClassAccuracy = probe.perClass();
        report.confusionMatrix = probe.confusion();
    }

    /** What every report says of the evaluation: its name, seed, comparison and image counts. */
    private static void identify(Settings s, EvalReport report, FeatureSet train, FeatureSet test) {
        report.name = s.name;
        report.seed = s.seed;
        report.compared = new ArrayList<>(s.compared);
        report.trainImages = train == null ? 0 : train.count();
        report.testImages = test.count();
        report.protocol = "retrieval";
        report.pretrainRuns = s.pretrainRuns.stream().map(Path::toString).toList();
        report.versions = ProcessStats.versions();
    }

    private static EvalReport finish(
            Settings s, EvalReport report, long t0, Map<String, byte[]> pictures)
            throws IOException {
        report.wallSeconds = (System.nanoTime() - t0) / 1e9;
        ReportWriter.write(report, s.out, pictures);
        return report;
    }

    /**
     * Refuses splits whose classes differ, naming the classes one split lacks, and warns of a
     * single class, where every accuracy is 100% whatever the encoder.
     */
    private static void checkClasses(ImageDataset train, ImageDataset test, Path data)
            throws IOException {
        if (!train.classes().equals(test.classes())) {
            List<String> notInTrain = new ArrayList<>(test.classes());
            notInTrain.removeAll(train.classes());
            List<String> notInTest = new ArrayList<>(train.classes());
            notInTest.removeAll(test.classes());
            throw new IOException(
                    "the train and test splits of "
                            + data
                            + " have different classes: "
                            + (notInTrain.isEmpty() ? "" : "the train split lacks " + notInTrain)
                            + (notInTrain.isEmpty() || notInTest.isEmpty() ? "" : "; ")
                            + (notInTest.isEmpty() ? "" : "the test split lacks " + notInTest));
        }
        if (train.classes().size() < 2) {
            LOG.warn(
                    "{} has a single class ({}): every accuracy is 100% whatever the encoder",
                    train.describe(), train.classes());
        }
    }
}

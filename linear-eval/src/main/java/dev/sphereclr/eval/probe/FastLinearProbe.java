package dev.sphereclr.eval.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.pretrain.knn.FeatureSet;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast protocol: multinomial logistic regression on cached features, standardized with the
 * training split's mean and deviation, trained by SGD with momentum and a cosine learning rate; the
 * weight decay is chosen from a grid by accuracy on a held-out tenth of the training split, then
 * the probe is refit on the whole training split.
 */
public final class FastLinearProbe {

    private static final Logger LOG = LoggerFactory.getLogger(FastLinearProbe.class);

    /** The hyperparameters, reported with the results. */
    public static final class Settings {
        public int epochs = 30;
        public int batchSize = 256;
        public double lr = 0.1;
        public double momentum = 0.9;
        public List<Double> weightDecays = List.of(0.0, 1e-5, 1e-4, 1e-3, 1e-2);
        public double holdout = 0.1;
        public long seed = ComputeOptions.DEFAULT_SEED;
    }

    /**
     * The outcome.
     *
     * @param test the test-split figures
     * @param weightDecay the chosen decay
     * @param holdoutAccuracy held-out top-1 per decay tried
     */
    public record Result(
            Evaluation test, double weightDecay, Map<String, Double> holdoutAccuracy) {}

    private final Settings settings;

    /**
     * @param settings the protocol's hyperparameters
     */
    public FastLinearProbe(Settings settings) {
        this.settings = settings;
    }

    /** Fits on {@code train}, evaluates on {@code test}. */
    public Result run(NDManager manager, FeatureSet train, FeatureSet test) {
        float[][] stats = standardization(train);
        FeatureSet trainZ = standardize(train, stats);
        FeatureSet testZ = standardize(test, stats);
        int n = train.count();
        int[] order = permutation(n, settings.seed);
        int held = Math.max(1, (int) Math.round(n * settings.holdout));
        FeatureSet fit = subset(trainZ, order, held, n);
        FeatureSet valid = subset(trainZ, order, 0, held);
        Map<String, Double> holdout = new LinkedHashMap<>();
        double bestDecay = settings.weightDecays.get(0);
        double bestAccuracy = -1;
        int tried = 0;
        for (double decay : settings.weightDecays) {
            long t0 = System.nanoTime();
            double accuracy = fitAndEvaluate(manager, fit, valid, decay).top1();
            holdout.put(Double.toString(decay), accuracy);
            // Each fit takes seconds to minutes: a line each, so the probe is never silent.
            LOG.info(
                    "linear probe: weight decay {} ({} of {}), held-out top-1 {}, {} s",
                    decay,
                    ++tried,
                    settings.weightDecays.size(),
                    String.format(Locale.ROOT, "%.4f", accuracy),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestDecay = decay;
            }
        }
        LOG.info(
                "linear probe: the final fit on all {} training rows, weight decay {}",
                n,
                bestDecay);
        Evaluation result = fitAndEvaluate(manager, trainZ, testZ, bestDecay);
        return new Result(result, bestDecay, holdout);
    }

    private Evaluation fitAndEvaluate(
            NDManager manager, FeatureSet train, FeatureSet test, double decay) {
        int d = train.dimension();
        int classes = Math.max(train.classes(), test.classes());
        try (NDManager scope = manager.newSubManager();
                LinearClassifier classifier =
                        new LinearClassifier(scope, d, classes, settings.momentum)) {
            NDArray all = scope.create(train.features(), new Shape(train.count(), d));
            int batch = Math.min(settings.batchSize, train.count());
            int perEpoch = Math.max(1, train.count() / batch);
            long total = (long) perEpoch * settings.epochs;
            SplittableRandom random = new SplittableRandom(settings.seed + 1);
            long step = 0;
            for (int epoch = 0; epoch < settings.epochs; epoch++) {
                int[] order = permutation(train.count(), random.nextLong());
                for (int b = 0; b < perEpoch; b++) {
                    try (NDManager stepScope = scope.newSubManager()) {
                        long[] index = new long[batch];
                        int[] labels = new int[batch];
                        for (int i = 0; i < batch; i++) {
                            index[i] = order[b * batch + i];
                            labels[i] = train.labels()[order[b * batch + i]];
                        }
                        stepScope.tempAttachAll(all);
                        NDArray x = all.get(stepScope.create(index));
                        double lr = 0.5 * settings.lr * (1 + Math.cos(Math.PI * step / total));
                        classifier.step(x, labels, lr, decay);
                        step++;
                    }
                }
            }
            NDArray testX = scope.create(test.features(), new Shape(test.count(), d));
            float[] scores = classifier.scores(testX).toFloatArray();
            return Evaluation.of(scores, classes, test.labels());
        }
    }

    static int[] permutation(int n, long seed) {
        return ViewSeeds.permutation(n, new SplittableRandom(seed));
    }

    private static FeatureSet subset(FeatureSet s, int[] order, int from, int to) {
        int d = s.dimension();
        float[] f = new float[(to - from) * d];
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(s.features(), order[i] * d, f, (i - from) * d, d);
            labels[i - from] = s.labels()[order[i]];
        }
        return new FeatureSet(f, labels, d, s.classes());
    }

    /** Per-dimension mean and standard deviation of {@code train}. */
    static float[][] standardization(FeatureSet train) {
        int d = train.dimension();
        double[] sum = new double[d];
        double[] sq = new double[d];
        float[] f = train.features();
        for (int i = 0; i < train.count(); i++) {
            for (int j = 0; j < d; j++) {
                double v = f[i * d + j];
                sum[j] += v;
                sq[j] += v * v;
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double m = sum[j] / train.count();
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(Math.max(sq[j] / train.count() - m * m, 0) + 1e-8);
        }
        return new float[][] {mean, std};
    }

    static FeatureSet standardize(FeatureSet s, float[][] stats) {
        int d = s.dimension();
        float[] out = new float[s.features().length];
        for (int i = 0; i < s.count(); i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (s.features()[i * d + j] - stats[0][j]) / stats[1][j];
            }
        }
        return new FeatureSet(out, s.labels(), d, s.classes());
    }
}

package dev.sphereclr.eval.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.data.ImageFolder;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.eval.FixturesAccess;
import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {

    @TempDir Path tmp;

    static FeatureSet blobs(int perClass, int classes, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[perClass * classes * d];
        int[] labels = new int[perClass * classes];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < d; j++) {
                f[i * d + j] = (float) ((j % classes == labels[i] ? 3 : 0) + r.nextGaussian());
            }
        }
        return new FeatureSet(f, labels, d, classes);
    }

    @Test
    void theFastProbeSeparatesSeparableClassesAndChoosesADecay() {
        FastLinearProbe.Settings s = new FastLinearProbe.Settings();
        s.epochs = 10;
        try (NDManager m = NDManager.newBaseManager()) {
            FastLinearProbe.Result r =
                    new FastLinearProbe(s).run(m, blobs(100, 5, 20, 1), blobs(40, 5, 20, 2));
            assertTrue(r.test().top1() > 0.95, "top-1 " + r.test().top1());
            assertEquals(1.0, r.test().top5(), 1e-12);
            assertEquals(5, r.holdoutAccuracy().size());
            int total = 0;
            for (int[] row : r.test().confusion()) {
                for (int v : row) {
                    total += v;
                }
            }
            assertEquals(200, total);
        }
    }

    @Test
    void evaluationCountsTopOneTopFiveAndTheConfusionMatrix() {
        float[] scores = {
            0.9f, 0.1f, 0f, // label 0, predicted 0
            0.2f, 0.3f, 0.5f, // label 1, predicted 2
        };
        Evaluation e = Evaluation.of(scores, 3, new int[] {0, 1});
        assertEquals(0.5, e.top1());
        assertEquals(1.0, e.top5());
        assertEquals(1, e.confusion()[1][2]);
        assertEquals(1.0, e.perClass()[0]);
        assertEquals(0.0, e.perClass()[1]);
        assertTrue(Double.isNaN(e.perClass()[2]));
    }

    @Test
    void theStandardProbeTrainsOnlyTheLinearLayerAndLeavesTheEncoderBitIdentical()
            throws IOException {
        Path images = FixturesAccess.twoClassFolder(tmp, 12);
        ImageDataset train = ImageFolder.open(images.resolve("train"));
        try (FrozenEncoder encoder = FrozenEncoder.load(FixturesAccess.tinyEncoder(tmp))) {
            List<float[]> before = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (var pair : encoder.block().getParameters()) {
                names.add(pair.getKey());
                before.add(pair.getValue().getArray().toFloatArray());
            }
            assertTrue(
                    names.stream().anyMatch(n -> n.endsWith("runningMean")),
                    "batch-norm statistics are compared too");
            StandardLinearProbe.Settings s = new StandardLinearProbe.Settings();
            s.epochs = 2;
            s.batchSize = 8;
            try (LinearClassifier classifier =
                    new LinearClassifier(encoder.manager(), encoder.featureSize(), 2, 0.9)) {
                float[] w0 = classifier.weight().toFloatArray();
                float[] b0 = classifier.bias().toFloatArray();
                new StandardLinearProbe(s).fit(encoder, train, classifier);
                assertFalse(
                        java.util.Arrays.equals(w0, classifier.weight().toFloatArray()),
                        "the weight trained");
                assertFalse(
                        java.util.Arrays.equals(b0, classifier.bias().toFloatArray()),
                        "the bias trained");
            }
            List<Parameter> after = encoder.block().getParameters().values();
            for (int i = 0; i < after.size(); i++) {
                assertArrayEquals(
                        before.get(i),
                        after.get(i).getArray().toFloatArray(),
                        names.get(i) + " changed");
                assertFalse(
                        after.get(i).getArray().hasGradient()
                                && after.get(i).getArray().getGradient().abs().sum().getFloat() > 0,
                        names.get(i) + " got a gradient");
            }
        }
    }
}

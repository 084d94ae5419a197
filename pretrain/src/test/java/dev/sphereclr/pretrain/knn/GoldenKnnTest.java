package dev.sphereclr.pretrain.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.sphereclr.golden.Golden;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of {@code knn.json}: class scores and predictions of the weighted kNN. */
class GoldenKnnTest {

    @TestFactory
    Stream<DynamicTest> everyCaseMatches() throws IOException {
        return Golden.cases("knn").stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static void check(JsonObject c) {
        JsonObject p = c.getAsJsonObject("params");
        JsonObject in = c.getAsJsonObject("inputs");
        JsonObject expected = c.getAsJsonObject("expected");
        int classes = p.get("num_classes").getAsInt();
        int[] trainLabels = Golden.ints(in.getAsJsonArray("train_labels"));
        JsonObject trainArray = in.getAsJsonObject("train_features");
        JsonObject testArray = in.getAsJsonObject("test_features");
        int d = Golden.shape(trainArray)[1];
        FeatureSet train = new FeatureSet(Golden.floats(trainArray), trainLabels, d, classes);
        int testCount = Golden.shape(testArray)[0];
        FeatureSet test = new FeatureSet(Golden.floats(testArray), new int[testCount], d, classes);
        WeightedKnn knn =
                new WeightedKnn(p.get("k").getAsInt(), p.get("temperature").getAsDouble());
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] scores = knn.scores(m, train, test);
            double[] want = Golden.data(expected.getAsJsonObject("scores"));
            for (int i = 0; i < testCount; i++) {
                for (int j = 0; j < classes; j++) {
                    double w = want[i * classes + j];
                    assertEquals(
                            w,
                            scores[i][j],
                            Math.max(1e-4 * Math.abs(w), 1e-6),
                            "score [" + i + "][" + j + "]");
                }
            }
            int[] predicted = WeightedKnn.accuracy(scores, new int[testCount]).predicted();
            assertArrayEquals(Golden.ints(expected.getAsJsonArray("predicted")), predicted);
        }
    }
}

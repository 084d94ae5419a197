package dev.sphereclr.eval.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.sphereclr.golden.Golden;
import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code retrieval.json}: Recall@K against the generator's implementation of the SEC
 * authors' rule (with exact ties and a class of one image), NMI against scikit-learn's and the F1
 * of pairs against the generator's.
 */
class GoldenRetrievalTest {

    @TestFactory
    Stream<DynamicTest> everyCaseMatches() throws IOException {
        return Golden.cases("retrieval").stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static void check(JsonObject c) {
        JsonObject in = c.getAsJsonObject("inputs");
        JsonObject expected = c.getAsJsonObject("expected");
        if (in.has("features")) {
            JsonObject array = in.getAsJsonObject("features");
            int[] labels = Golden.ints(in.getAsJsonArray("labels"));
            int classes = Arrays.stream(labels).max().orElse(0) + 1;
            FeatureSet set =
                    new FeatureSet(Golden.floats(array), labels, Golden.shape(array)[1], classes);
            int[] ks = Golden.ints(c.getAsJsonObject("params").getAsJsonArray("ks"));
            RecallAtK.Result r = RecallAtK.compute(set, ks);
            double[] want = new double[ks.length];
            for (int k = 0; k < ks.length; k++) {
                want[k] = expected.getAsJsonArray("recall").get(k).getAsDouble();
            }
            assertArrayEquals(want, r.recall(), 1e-12, "Recall@K");
            assertEquals(expected.get("queries").getAsInt(), r.queries());
            assertEquals(expected.get("without_positive").getAsInt(), r.withoutPositive());
        } else {
            ClusteringScores s =
                    ClusteringScores.of(
                            Golden.ints(in.getAsJsonArray("clusters")),
                            Golden.ints(in.getAsJsonArray("classes")));
            assertEquals(expected.get("nmi").getAsDouble(), s.nmi(), 1e-12, "NMI");
            assertEquals(expected.get("f1").getAsDouble(), s.f1(), 1e-12, "F1");
        }
    }
}

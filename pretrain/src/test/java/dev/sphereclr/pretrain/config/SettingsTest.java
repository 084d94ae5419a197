package dev.sphereclr.pretrain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Map<String, JsonElement> given(Object... fieldsAndValues) {
        Map<String, JsonElement> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            Object v = fieldsAndValues[i + 1];
            m.put(
                    (String) fieldsAndValues[i],
                    v instanceof Number n ? new JsonPrimitive(n) : new JsonPrimitive(v.toString()));
        }
        return m;
    }

    private static String refused(String recipe, Map<String, JsonElement> given) {
        return assertThrows(
                        IllegalArgumentException.class, () -> Recipe.named(recipe).resolve(given))
                .getMessage();
    }

    @Test
    void aSettingTheOthersLeaveWithoutEffectIsRefusedByNameWithTheReason() {
        String sgd = refused("simclr-cifar10", given("optimizer", "sgd", "trustCoefficient", 0.01));
        assertTrue(
                sgd.contains(
                        "--trust-coefficient has no effect here: only LARS has one (--optimizer ="
                                + " sgd)"),
                sgd);
        // A minutes budget ends on time, whatever the steps.
        String clock =
                refused("quickstart", given("minutes", 5, "maxSteps", 300, "warmupEpochs", 0));
        assertTrue(clock.contains("--max-steps has no effect here: a --minutes budget"), clock);
        assertTrue(clock.contains("--warmup-epochs has no effect here"), clock);
        String queue = refused("simclr-cifar10", given("queueSize", 4096));
        assertTrue(queue.contains("--queue-size has no effect here: only MoCo v2"), queue);
        String crops = refused("simclr-cifar10", given("smallCropSize", 16));
        assertTrue(crops.contains("--small-crop-size has no effect here"), crops);
        String knn = refused("simclr-cifar10", given("knnTrainLimit", 500));
        assertTrue(knn.contains("--knn-train-limit has no effect here: --knn-every is 0"), knn);
        String steps = refused("simclr-cifar10", given("budgetWarmup", 0.1));
        assertTrue(steps.contains("--budget-warmup has no effect here"), steps);
    }

    @Test
    void theSameSettingsAreTakenWhereTheyActAndRecipeValuesAreNotChecked() {
        PretrainConfig steps =
                Recipe.named("quickstart")
                        .resolve(given("minutes", 0, "maxSteps", 300, "warmupEpochs", 0))
                        .config();
        assertEquals(300, steps.budget.maxSteps);
        assertEquals(0, steps.optimizer.warmupEpochs);
        PretrainConfig moco =
                Recipe.named("mocov2-cifar10").resolve(given("queueSize", 8192)).config();
        assertEquals(8192, moco.method.queueSize);
        // simclr-cifar10 carries a trust coefficient; switching to SGD leaves it unused, and fine.
        PretrainConfig sgd =
                Recipe.named("simclr-cifar10").resolve(given("optimizer", "sgd")).config();
        assertEquals(Optimizer.Kind.SGD, sgd.optimizer.kind);
        PretrainConfig crops =
                Recipe.named("simclr-cifar10")
                        .resolve(given("smallCrops", 2, "smallCropSize", 16))
                        .config();
        assertEquals(16, crops.data.smallCropSize);
    }

    @Test
    void everySettingBelongsToExactlyOneGroup() {
        List<String> grouped =
                Settings.GROUPS.stream().flatMap(g -> g.fields().stream()).sorted().toList();
        assertEquals(Recipe.FIELDS.stream().sorted().toList(), grouped);
        for (SettingGroup g : Settings.GROUPS) {
            assertTrue(g.fields().containsAll(g.ranges().keySet()), g.title());
            assertTrue(g.fields().containsAll(g.operational()), g.title());
            g.inert().forEach(rule -> assertTrue(g.fields().contains(rule.field()), rule.field()));
        }
    }

    @Test
    void aRangeRefusesWithTheComponentsOwnText() {
        String width = refused("simclr-cifar10", given("width", 5));
        assertTrue(width.contains("--width = 5.0 is outside its legal range: (0, 4]"), width);
        String steps = refused("simclr-cifar10", given("maxSteps", -1));
        assertTrue(
                steps.contains("--max-steps = -1 is outside its legal range: >= 0 (0: no limit)"),
                steps);
        String layers = refused("simclr-cifar10", given("headLayers", 5));
        assertTrue(layers.contains("--head-layers = 5 is outside its legal range: 1..4"), layers);
        String evalSize = refused("simclr-cifar10", given("evalSize", 4));
        assertTrue(
                evalSize.contains(
                        "--eval-size = 4 is outside its legal range: --image-size (32) to 1024"),
                evalSize);
        // A recipe's evaluation size does not outlive a larger --image-size unnoticed.
        String smaller = refused("simclr-imagenette", given("data", "x", "imageSize", 112));
        assertTrue(
                smaller.contains(
                        "--eval-size = 96 is outside its legal range: --image-size (112) to 1024"),
                smaller);
        // Nor does its resolution schedule, which ends at its own image size.
        String schedule = refused("simclr-imagenette", given("data", "x", "imageSize", 72));
        assertTrue(
                schedule.contains(
                        "--resolution-schedule 32@0,48@0.4,64@0.75: the last phase must be at the"
                                + " image size, 72"),
                schedule);
    }
}

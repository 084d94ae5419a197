package dev.sphereclr.pretrain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import org.junit.jupiter.api.Test;

class PretrainConfigJsonTest {

    @Test
    void configJsonIsNestedByGroupAndReadsBack() {
        PretrainConfig c = Recipe.named("quickstart").resolve(java.util.Map.of()).config();
        JsonObject tree = Json.GSON.toJsonTree(c).getAsJsonObject();
        assertEquals(
                java.util.List.of("data", "model", "method", "sec", "optimizer", "budget", "run"),
                java.util.List.copyOf(tree.keySet()));
        assertEquals(0.01, tree.getAsJsonObject("sec").get("weight").getAsDouble());
        assertEquals("simclr", tree.getAsJsonObject("method").get("kind").getAsString());
        PretrainConfig back = Json.GSON.fromJson(tree, PretrainConfig.class);
        assertEquals(Settings.flat(c), Settings.flat(back));
    }

    @Test
    void theFlatFormOfEarlierRunsIsStillRead() {
        // config.json as runs wrote it before the settings were grouped (commit 862214d).
        String flat =
                "{\"method\":\"mocov2\",\"recipe\":\"custom\",\"dataset\":\"cifar10-sample\","
                        + "\"arch\":\"resnet18\",\"width\":0.5,\"batchSize\":64,"
                        + "\"secWeight\":0.05,\"secTarget\":\"zero\",\"threads\":1,"
                        + "\"data\":\"/images\",\"optimizer\":\"sgd\",\"removedLongAgo\":3}";
        PretrainConfig c = Json.GSON.fromJson(JsonParser.parseString(flat), PretrainConfig.class);
        assertEquals(PretrainConfig.Method.MOCOV2, c.method.kind);
        assertEquals(0.5, c.model.width);
        assertEquals(64, c.budget.batchSize);
        assertEquals(0.05, c.sec.weight);
        assertEquals(SphericalEmbeddingConstraint.Target.ZERO, c.sec.target);
        assertEquals("/images", c.data.path);
        assertEquals(1, c.run.threads);
        // What is not named keeps its default.
        assertEquals(new PretrainConfig().method.temperature, c.method.temperature);
    }

    @Test
    void checkpointsRecordTheFlatFormWithoutTheChangeableSettings() {
        JsonObject fixed = new PretrainConfig().fixedSettings();
        assertTrue(fixed.has("secWeight") && fixed.has("batchSize"), fixed.toString());
        assertFalse(fixed.has("threads") || fixed.has("sec"), fixed.toString());
    }

    @Test
    void aRecipeReadsNestedAndFlatAlike() {
        String nested =
                "{\"description\": \"d\", \"settings\": {\"sec\": {\"weight\": {\"value\": 0.1,"
                        + " \"source\": \"s\"}}}}";
        String flat =
                "{\"description\": \"d\", \"settings\": {\"secWeight\": {\"value\": 0.1,"
                        + " \"source\": \"s\"}}}";
        assertEquals(
                Recipe.parse("n", nested).settings().keySet(),
                Recipe.parse("f", flat).settings().keySet());
        var e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> Recipe.parse("bad", nested.replace("\"weight\"", "\"wieght\"")));
        assertTrue(e.getMessage().contains("'sec.wieght' is not a pretraining setting"));
    }
}

package dev.sphereclr.pretrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.io.Resources;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.pretrain.config.Recipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every recipe resolves to the values, and the origins, it resolved to before the settings were
 * derived from their declarations: {@code resolved-recipes.txt} is what {@code pretrain --recipe R
 * --data /tmp/somewhere --print-config} printed for each recipe at commit 862214d.
 */
class ResolvedRecipesTest {

    @Test
    void everyRecipeResolvesAsBeforeTheSettingsRefactoring() throws IOException {
        String expected =
                Resources.toString(
                        Resources.getResource(getClass(), "resolved-recipes.txt"),
                        StandardCharsets.UTF_8);
        StringBuilder actual = new StringBuilder();
        for (String name : Recipe.NAMES) {
            actual.append("=== ").append(name).append('\n');
            actual.append(
                    PretrainOptions.describe(
                            Recipe.named(name)
                                    .resolve(Map.of("data", new JsonPrimitive("/tmp/somewhere")))));
        }
        assertEquals(expected, actual.toString());
    }
}

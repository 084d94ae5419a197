package dev.sphereclr.pretrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.io.Resources;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.pretrain.config.Recipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every recipe resolves to the values, and the origins, it resolved to before the settings were
 * derived from their declarations (settings added since left out of the comparison): {@code
 * resolved-recipes.txt} is what {@code pretrain --recipe R --data /tmp/somewhere --print-config}
 * printed for each recipe at commit 862214d.
 */
class ResolvedRecipesTest {

    @Test
    void everyRecipeResolvesAsBeforeTheSettingsRefactoring() throws IOException {
        String expected =
                Resources.toString(
                        Resources.getResource(getClass(), "resolved-recipes.txt"),
                        StandardCharsets.UTF_8);
        StringBuilder actual = new StringBuilder();
        // The recipes of that commit; those added since have nothing to be compared with.
        List<String> pinned =
                expected.lines()
                        .filter(l -> l.startsWith("=== "))
                        .map(l -> l.substring(4))
                        .toList();
        // Settings added since (each with its recipes' value) have no line there either.
        Set<String> settings =
                expected.lines()
                        .filter(l -> l.startsWith("  "))
                        .map(l -> l.strip().split("\\s+")[0])
                        .collect(Collectors.toSet());
        for (String name : pinned) {
            actual.append("=== ").append(name).append('\n');
            PretrainOptions.describe(
                            Recipe.named(name)
                                    .resolve(Map.of("data", new JsonPrimitive("/tmp/somewhere"))))
                    .lines()
                    .filter(
                            l ->
                                    !l.startsWith("  ")
                                            || settings.contains(l.strip().split("\\s+")[0]))
                    .forEach(l -> actual.append(l).append('\n'));
        }
        assertEquals(expected, actual.toString());
    }
}

package dev.sphereclr.pretrain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import dev.sphereclr.augment.data.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RecipeTest {

    @Test
    void everyRecipeLoadsValidatesAndCitesASourceForEachValue() {
        for (String name : Recipe.NAMES) {
            Recipe recipe = Recipe.named(name);
            assertFalse(recipe.description().isBlank(), name);
            assertFalse(recipe.settings().isEmpty(), name);
            recipe.settings()
                    .forEach((field, s) -> assertFalse(s.source().isBlank(), name + " " + field));
            // The ImageNet recipes read a folder, which has no default.
            Recipe.Resolved resolved = recipe.resolve(Map.of("data", new JsonPrimitive("images")));
            assertEquals(name, resolved.config().run.recipe);
            recipe.settings()
                    .keySet()
                    .forEach(
                            field ->
                                    assertTrue(
                                            resolved.origins().get(field).startsWith("recipe "),
                                            name + " " + field));
        }
    }

    @Test
    void everyRecipeFileIsListed() throws IOException {
        Path folder = Path.of("src/main/resources/dev/sphereclr/pretrain/recipes");
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names =
                    files.map(p -> p.getFileName().toString().replace(".json", ""))
                            .sorted()
                            .toList();
            assertEquals(Recipe.NAMES.stream().sorted().toList(), names);
        }
    }

    @Test
    void onlyGivenValuesOverrideTheRecipe() {
        Recipe.Resolved r =
                Recipe.named("simclr-cifar10")
                        .resolve(
                                Map.of(
                                        "width", new JsonPrimitive(0.5),
                                        "dataset", new JsonPrimitive("cifar10-sample")));
        assertEquals(0.5, r.config().model.width);
        assertEquals(Datasets.Kind.CIFAR10_SAMPLE, r.config().data.dataset);
        assertEquals("command line", r.origins().get("width"));
        assertEquals(1e-4, r.config().optimizer.weightDecay);
        assertTrue(r.origins().get("weightDecay").contains("solo-learn"));
        assertEquals(0.2, r.config().method.temperature);
        assertEquals("default", r.origins().get("threads"));
    }

    @Test
    void unknownNamesSettingsAndBadValuesAreRefusedByName() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Recipe.named("simclr"));
        assertTrue(unknown.getMessage().contains("simclr-cifar10"), unknown.getMessage());
        var key =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Recipe.parse(
                                        "x",
                                        "{\"description\":\"d\",\"settings\":{\"widht\":"
                                                + "{\"value\":1,\"source\":\"s\"}}}"));
        assertTrue(key.getMessage().contains("'widht'"), key.getMessage());
        var range =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Recipe.named("quickstart")
                                        .resolve(Map.of("lr", new JsonPrimitive(-1))));
        assertTrue(range.getMessage().contains("--lr = -1.0"), range.getMessage());
    }

    @Test
    void everyRecipeSetsEverySettingThatChangesItsResult() {
        List<String> leftToDefaults = new ArrayList<>();
        for (String name : Recipe.NAMES) {
            Recipe recipe = Recipe.named(name);
            PretrainConfig c = recipe.resolve(Map.of("data", new JsonPrimitive("images"))).config();
            for (SettingGroup group : Settings.GROUPS) {
                Set<String> idle =
                        group.inert().stream()
                                .filter(rule -> !rule.used().test(c))
                                .map(SettingGroup.Inert::field)
                                .collect(Collectors.toSet());
                for (String field : group.fields()) {
                    if (!group.operational().contains(field)
                            && !idle.contains(field)
                            && !recipe.settings().containsKey(field)) {
                        leftToDefaults.add(name + " " + field);
                    }
                }
            }
        }
        assertEquals(List.of(), leftToDefaults, "settings a recipe leaves to a default");
    }

    @Test
    void everySourceInARepositoryNamesItsCommit() {
        Pattern file = Pattern.compile("solo-learn|google-research|\\.py\\b|\\.yaml\\b");
        Pattern commit = Pattern.compile("\\bat [0-9a-f]{8,40}\\b");
        List<String> unpinned = new ArrayList<>();
        for (String name : Recipe.NAMES) {
            Recipe.named(name)
                    .settings()
                    .forEach(
                            (field, s) -> {
                                if (file.matcher(s.source()).find()
                                        && !commit.matcher(s.source()).find()) {
                                    unpinned.add(name + " " + field + ": " + s.source());
                                }
                            });
        }
        assertEquals(List.of(), unpinned, "sources naming a file without its commit");
    }

    @Test
    void aPresetGivenOnTheCommandLineReplacesTheRecipesAugmentationAndOneParameterOnlyItself() {
        Recipe simclr = Recipe.named("simclr-cifar10");
        Recipe.Resolved own = simclr.resolve(Map.of());
        assertEquals(0.0, own.config().data.blurProbability);
        assertTrue(own.origins().get("blurProbability").startsWith("recipe simclr-cifar10"));
        Recipe.Resolved moco = simclr.resolve(Map.of("augmentation", new JsonPrimitive("mocov2")));
        assertEquals(0.5, moco.config().data.blurProbability);
        assertEquals(0.2, moco.config().data.cropScaleMin);
        assertEquals("preset mocov2", moco.origins().get("blurProbability"));
        Recipe.Resolved hue = simclr.resolve(Map.of("jitterHue", new JsonPrimitive(0.05)));
        assertEquals(0.05, hue.config().data.jitterHue);
        assertEquals("command line", hue.origins().get("jitterHue"));
        assertEquals(0.4, hue.config().data.jitterBrightness);
        var idle =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> simclr.resolve(Map.of("blurSigmaMax", new JsonPrimitive(1.5))));
        assertTrue(
                idle.getMessage()
                        .contains("--blur-sigma-max has no effect here: --blur-probability is 0"),
                idle.getMessage());
        var bad =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> simclr.resolve(Map.of("jitterProbability", new JsonPrimitive(1.5))));
        assertTrue(bad.getMessage().contains("--augmentation"), bad.getMessage());
    }
}

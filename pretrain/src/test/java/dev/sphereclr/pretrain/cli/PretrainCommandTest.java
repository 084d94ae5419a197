package dev.sphereclr.pretrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.config.Settings;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.runtime.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class PretrainCommandTest {

    /** Options of {@code pretrain} that are not settings of the run. */
    private static final Set<String> NOT_SETTINGS =
            Set.of(
                    "--recipe",
                    "--list-recipes",
                    "--out",
                    "--resume",
                    "--allow-unchecked",
                    "--print-config",
                    "--verbose",
                    "--help",
                    "--version");

    @Test
    void helpShowsEachGroupOfSettingsAsASectionWithTheRangesItsComponentsDeclare() {
        CommandLine line = new CommandLine(new PretrainCommand());
        for (OptionSpec option : line.getCommandSpec().options()) {
            String field = PretrainOptions.settingOf(option);
            if (field == null || option.group() == null) {
                continue;
            }
            Settings.Group owner =
                    Settings.groups().stream()
                            .filter(g -> g.fields().contains(field))
                            .findFirst()
                            .orElseThrow();
            assertEquals(
                    "%n" + owner.title() + ":%n", option.group().heading(), option.longestName());
        }
        String help = line.getUsageMessage();
        for (Settings.Group group : Settings.groups()) {
            assertTrue(help.contains(group.title() + ":"), group.title());
        }
        assertTrue(help.contains("Channel-width multiplier. Range: (0, 4]."), help);
        assertTrue(help.contains("NT-Xent / InfoNCE temperature. Range: (0, 10]."), help);
    }

    @Test
    void everyOptionSetsASettingOfTheSameName() {
        CommandLine line = new CommandLine(new PretrainCommand());
        List<String> unmapped = new ArrayList<>();
        for (OptionSpec option : line.getCommandSpec().options()) {
            if (!NOT_SETTINGS.contains(option.longestName())
                    && PretrainOptions.settingOf(option) == null) {
                unmapped.add(option.longestName());
            }
        }
        assertEquals(List.of(), unmapped, "options that would be silently ignored");
    }

    @Test
    void givenOptionsOverrideTheRecipeAndTheRestKeepsIt() {
        PretrainConfig c =
                PretrainCommand.parseConfig(
                        List.of(
                                "--recipe",
                                "mocov2-cifar10",
                                "--width",
                                "0.5",
                                "--optimizer",
                                "LARS",
                                "--dataset",
                                "cifar10-sample",
                                "--symmetric",
                                "--threads",
                                "1"));
        assertEquals(PretrainConfig.Method.MOCOV2, c.method.kind);
        assertEquals(0.5, c.model.width);
        assertEquals(Optimizer.Kind.LARS, c.optimizer.kind);
        assertEquals(Datasets.Kind.CIFAR10_SAMPLE, c.data.dataset);
        assertTrue(c.method.symmetricLoss);
        assertEquals(1, c.run.threads);
        assertEquals(32768, c.method.queueSize);
        assertEquals("mocov2-cifar10", c.run.recipe);
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainCommand.parseConfig(List.of("--dataset", "imagenet")));
        assertTrue(e.getMessage().contains("--dataset = imagenet"), e.getMessage());
        var w =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PretrainCommand.parseConfig(List.of("--width", "0.3")));
        assertTrue(w.getMessage().contains("--width = 0.3"), w.getMessage());
    }

    @Test
    void moCoShuffleGroupsAreASettingTheUserCanChange() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PretrainCommand.parseConfig(
                                        List.of(
                                                "--recipe",
                                                "mocov2-cifar10",
                                                "--batch-size",
                                                "6",
                                                "--queue-size",
                                                "36")));
        assertTrue(e.getMessage().contains("--shuffle-groups = 4"), e.getMessage());
        PretrainConfig c =
                PretrainCommand.parseConfig(
                        List.of(
                                "--recipe",
                                "mocov2-cifar10",
                                "--batch-size",
                                "6",
                                "--queue-size",
                                "36",
                                "--shuffle-groups",
                                "3"));
        assertEquals(3, c.method.shuffleGroups);
    }

    @Test
    void printConfigShowsEachValueWithItsOrigin() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.out;
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code =
                    Cli.execute(
                            new PretrainCommand(),
                            "--recipe",
                            "quickstart",
                            "--lr",
                            "0.3",
                            "--print-config");
        } finally {
            System.setOut(before);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(text.matches("(?s).*\\blr\\s+0\\.3\\s+command line.*"), text);
        assertTrue(text.matches("(?s).*\\bwidth\\s+0\\.25\\s+recipe quickstart: .*"), text);
        assertTrue(text.matches("(?s).*\\bshuffleGroups\\s+4\\s+default.*"), text);
    }

    @Test
    void aResumeTakesTheChangeableSettingsAndRefusesTheOthersNamingBothValues() {
        PretrainConfig stored = Recipe.named("quickstart").resolve(Map.of()).config();
        PretrainCommand.applyOnResume(
                stored,
                Map.of(
                        "threads", new JsonPrimitive(1),
                        "width", new JsonPrimitive(0.25)));
        assertEquals(1, stored.run.threads);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PretrainCommand.applyOnResume(
                                        stored, Map.of("lr", new JsonPrimitive(0.3))));
        assertTrue(e.getMessage().contains("lr (stored 0.4, given 0.3)"), e.getMessage());
    }
}

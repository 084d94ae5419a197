package dev.sphereclr.pretrain.cli;

import com.google.common.base.CaseFormat;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.augment.cli.DatasetOptions;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.config.Settings;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The settings of a pretraining run as options; add with {@code @Mixin}. Each option {@code
 * --head-hidden} sets the {@link PretrainConfig} field {@code headHidden} and is derived from its
 * declaration ({@link SettingOptions}); an option left unset is {@code null} and keeps the recipe's
 * value ({@link #resolve}).
 */
@Command(modelTransformer = SettingOptions.class)
public final class PretrainOptions {

    /** The command this is mixed into, whose parsed options are read. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--recipe",
            description =
                    "Named settings to start from (default: simclr-cifar10; quickstart for"
                            + " quickstart). --list-recipes lists them.")
    String recipe;

    @Option(
            names = "--list-recipes",
            description = "List the recipes with what each is and follows, then exit.")
    boolean listRecipes;

    /**
     * Prints the recipes when {@code --list-recipes} was given.
     *
     * @return whether it was
     */
    public boolean listedRecipes() {
        if (listRecipes) {
            System.out.print(Recipe.catalogue());
        }
        return listRecipes;
    }

    @Mixin DatasetOptions data;

    @Mixin ComputeOptions compute;

    /** The recipe given, or {@code fallback}. */
    public String recipeOr(String fallback) {
        return recipe != null ? recipe : fallback;
    }

    /**
     * The settings as parsed: the recipe (or {@code defaultRecipe}), overlaid by every setting
     * option the user gave, with the origin of each value.
     *
     * @throws IllegalArgumentException naming each bad setting
     */
    public Recipe.Resolved resolved(String defaultRecipe) {
        return Recipe.named(recipeOr(defaultRecipe)).resolve(overrides(mixee));
    }

    /** The validated settings of {@link #resolved}. */
    public PretrainConfig resolve(String defaultRecipe) {
        return resolved(defaultRecipe).config();
    }

    /**
     * The settings by group, one a line: name, value, and where the value came from (the default,
     * the recipe with its source, the augmentation preset, or the command line).
     */
    public static String describe(Recipe.Resolved resolved) {
        var tree = Settings.flat(resolved.config());
        StringBuilder text = new StringBuilder();
        for (Settings.Group group : Settings.groups()) {
            text.append(group.title()).append(':').append(System.lineSeparator());
            for (String field : group.fields()) {
                text.append(
                        String.format(
                                Locale.ROOT,
                                "  %-20s %-16s %s%n",
                                field,
                                tree.has(field) ? tree.get(field) : "(none)",
                                resolved.origins().getOrDefault(field, "default")));
            }
        }
        return text.toString();
    }

    /** The setting options the user gave, by field name, as JSON values. */
    public Map<String, JsonElement> given() {
        return overrides(mixee);
    }

    /** The options of {@code spec} that were given and name a setting, as JSON values. */
    static Map<String, JsonElement> overrides(CommandSpec spec) {
        Map<String, JsonElement> overrides = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String field = settingOf(option);
            Object value = option.getValue();
            if (field == null || value == null) {
                continue;
            }
            overrides.put(
                    field,
                    value instanceof Path p
                            ? new JsonPrimitive(p.toString())
                            : Json.GSON.toJsonTree(value));
        }
        return overrides;
    }

    /** The {@link PretrainConfig} field {@code option} sets, or {@code null}. */
    static String settingOf(OptionSpec option) {
        String field =
                CaseFormat.LOWER_HYPHEN.to(
                        CaseFormat.LOWER_CAMEL, option.longestName().replaceFirst("^--", ""));
        return Recipe.isSetting(field) && !"recipe".equals(field) ? field : null;
    }
}

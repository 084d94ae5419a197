package dev.sphereclr.pretrain.config;

import com.google.common.io.Resources;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sphereclr.encoder.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A named starting point for a run, stored as data: {@code recipes/NAME.json} beside this class,
 * each value with its source (a paper section, or the solo-learn file it follows).
 *
 * <p>A run's settings are layered: {@link PretrainConfig}'s defaults, then the recipe's values,
 * then the options the user set ({@link #resolve}). {@link Resolved#origins()} says where each
 * value came from, for {@code --print-config}.
 */
public final class Recipe {

    /** The recipes that ship, in the order {@code --help} lists them. */
    public static final List<String> NAMES =
            List.of(
                    "quickstart",
                    "simclr-cifar10",
                    "simclr-sec-cifar10",
                    "simclr-cifar100",
                    "simclr-imagenet",
                    "simclr-imagenet100",
                    "simclr-imagenette",
                    "mocov2-cifar10",
                    "mocov2-imagenet",
                    "mocov2-imagenet100",
                    "mocov2-imagenette",
                    "supcon-cifar10",
                    "triplet-sec",
                    "npair-sec",
                    "ms-sec");

    /** Every setting's name ({@link Settings}). */
    static final Set<String> FIELDS = Set.copyOf(Settings.names());

    /** Every recipe's name and description, a paragraph each ({@code --list-recipes}). */
    public static String catalogue() {
        StringBuilder text = new StringBuilder();
        for (String name : NAMES) {
            text.append(name).append("\n    ").append(named(name).description()).append('\n');
        }
        return text.toString();
    }

    /** Whether {@code field} names a setting. */
    public static boolean isSetting(String field) {
        return Settings.isSetting(field);
    }

    /** One value of a recipe and where it comes from. */
    public record Setting(JsonElement value, String source) {}

    /** A configuration and, for every setting, where its value came from. */
    public record Resolved(PretrainConfig config, Map<String, String> origins) {}

    private final String name;
    private final String description;
    private final Map<String, Setting> settings;

    private Recipe(String name, String description, Map<String, Setting> settings) {
        this.name = name;
        this.description = description;
        this.settings = Collections.unmodifiableMap(settings);
    }

    /**
     * The recipe {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public static Recipe named(String name) {
        String id = name.toLowerCase(Locale.ROOT);
        URL url = Recipe.class.getResource("/dev/sphereclr/pretrain/recipes/" + id + ".json");
        if (!NAMES.contains(id) || url == null) {
            throw new IllegalArgumentException(
                    "--recipe = " + name + " is not one of: " + String.join(", ", NAMES));
        }
        try {
            return parse(id, Resources.toString(url, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recipe " + url, e);
        }
    }

    /**
     * Reads a recipe file's text: settings nested by group as {@code config.json} holds them
     * ({@code "sec": {"weight": {"value": 0.01, "source": "..."}}}), or flat by name ({@code
     * "secWeight": {...}}); every key must be a setting.
     */
    static Recipe parse(String name, String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("settings").entrySet()) {
            JsonObject entry = e.getValue().getAsJsonObject();
            if (entry.has("value") || Settings.nameOf(e.getKey(), "") == null) {
                put(name, settings, e.getKey(), entry);
                continue;
            }
            for (Map.Entry<String, JsonElement> f : entry.entrySet()) {
                String setting = Settings.nameOf(e.getKey(), f.getKey());
                if (setting == null) {
                    throw new IllegalArgumentException(
                            "recipe "
                                    + name
                                    + ": '"
                                    + e.getKey()
                                    + "."
                                    + f.getKey()
                                    + "' is not a pretraining setting");
                }
                put(name, settings, setting, f.getValue().getAsJsonObject());
            }
        }
        return new Recipe(name, root.get("description").getAsString(), settings);
    }

    private static void put(
            String recipe, Map<String, Setting> settings, String setting, JsonObject entry) {
        if (!FIELDS.contains(setting)) {
            throw new IllegalArgumentException(
                    "recipe " + recipe + ": '" + setting + "' is not a pretraining setting");
        }
        if (!entry.has("value") || !entry.has("source")) {
            throw new IllegalArgumentException(
                    "recipe " + recipe + ": '" + setting + "' needs a value and a source");
        }
        settings.put(setting, new Setting(entry.get("value"), entry.get("source").getAsString()));
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The recipe's own values, by setting name. */
    public Map<String, Setting> settings() {
        return settings;
    }

    /**
     * The validated settings: defaults, overlaid by this recipe, overlaid by {@code overrides}
     * (setting name to value, only what the user set).
     *
     * @throws IllegalArgumentException naming each bad setting, and each setting the user gave that
     *     the others leave without effect ({@link InertSettings})
     */
    public Resolved resolve(Map<String, JsonElement> overrides) {
        JsonObject merged = Settings.flat(new PretrainConfig());
        Map<String, String> origins = new LinkedHashMap<>();
        for (String field : merged.keySet()) {
            origins.put(field, "default");
        }
        // A preset named on the command line replaces the recipe's augmentation as a whole.
        boolean presetGiven = overrides.containsKey("augmentation");
        settings.forEach(
                (field, s) -> {
                    if (!(presetGiven && DataSettings.VIEW_FIELDS.contains(field))) {
                        merged.add(field, s.value());
                        origins.put(field, "recipe " + name + ": " + s.source());
                    }
                });
        overrides.forEach(
                (field, value) -> {
                    if (!FIELDS.contains(field)) {
                        throw new IllegalArgumentException(field + " is not a pretraining setting");
                    }
                    merged.add(field, value);
                    origins.put(field, "command line");
                });
        merged.addProperty("recipe", name);
        origins.put("recipe", "--recipe, or the command's default");
        PretrainConfig config;
        try {
            config = Json.GSON.fromJson(merged, PretrainConfig.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(
                    "recipe " + name + " with the given options: " + e.getMessage(), e);
        }
        config.validate();
        fillAugmentation(config, origins);
        List<String> inert = Settings.idle(config, overrides.keySet());
        if (!inert.isEmpty()) {
            throw new IllegalArgumentException(
                    "settings without effect:\n  " + String.join("\n  ", inert));
        }
        return new Resolved(config, origins);
    }

    /** Writes the preset's value into each augmentation parameter left unset, saying so. */
    private static void fillAugmentation(PretrainConfig config, Map<String, String> origins) {
        JsonObject tree = Settings.flat(config);
        for (String field : DataSettings.VIEW_FIELDS) {
            if (!tree.has(field) || tree.get(field).isJsonNull()) {
                origins.put(field, "preset " + config.resolvedAugmentation());
            }
        }
        config.setAugmentation(config.augmentation());
    }
}

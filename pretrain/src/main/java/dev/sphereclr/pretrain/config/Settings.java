package dev.sphereclr.pretrain.config;

import com.google.gson.JsonObject;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.settings.LegalRange;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The groups of settings, in the order {@code --help} and {@code --print-config} show them; every
 * field of {@link PretrainConfig} belongs to exactly one.
 */
public final class Settings {

    static final List<SettingGroup> GROUPS =
            List.of(
                    new DataSettings(),
                    new ModelSettings(),
                    new MethodSettings(),
                    new SecSettings(),
                    new OptimizerSettings(),
                    new BudgetSettings(),
                    new RunSettings());

    private Settings() {}

    /** Every group's title with its fields, in order. */
    public static List<Group> groups() {
        return GROUPS.stream()
                .map(g -> new Group(g.title(), g.declarations(), g.ranges()))
                .toList();
    }

    /**
     * A group's heading, the fields of {@link PretrainConfig} it holds (each with its {@link
     * Setting}), and their ranges.
     */
    public record Group(String title, List<Field> declarations, Map<String, LegalRange> ranges) {

        /** The names of {@link #declarations()}. */
        public List<String> fields() {
            return declarations.stream().map(Field::getName).toList();
        }
    }

    /** Every setting of {@code c} outside its legal values, as a sentence naming the option. */
    static List<String> problems(PretrainConfig c) {
        List<String> errors = new ArrayList<>();
        JsonObject values = Json.GSON.toJsonTree(c).getAsJsonObject();
        GROUPS.forEach(g -> g.check(c, values, errors));
        return errors;
    }

    /** Each setting of {@code given} (field names) that {@code c} leaves without effect. */
    static List<String> idle(PretrainConfig c, Collection<String> given) {
        List<String> errors = new ArrayList<>();
        GROUPS.forEach(g -> errors.addAll(g.idle(c, given)));
        return errors;
    }
}

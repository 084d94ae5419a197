package dev.sphereclr.pretrain.config;

import com.google.gson.JsonObject;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.settings.LegalRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The groups of settings, in the order {@code --help} and {@code --print-config} show them; every
 * field of {@link PretrainConfig} belongs to exactly one.
 */
public final class Settings {

    /** The groups' headings, for {@code --help}'s sections. */
    public static final String DATA = DataSettings.TITLE,
            MODEL = ModelSettings.TITLE,
            METHOD = MethodSettings.TITLE,
            SEC = SecSettings.TITLE,
            OPTIMIZER = OptimizerSettings.TITLE,
            BUDGET = BudgetSettings.TITLE,
            RUN = RunSettings.TITLE;

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
        return GROUPS.stream().map(g -> new Group(g.title(), g.fields(), g.ranges())).toList();
    }

    /** A group's heading, the fields of {@link PretrainConfig} it holds, and their ranges. */
    public record Group(String title, List<String> fields, Map<String, LegalRange> ranges) {}

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

package dev.sphereclr.pretrain.config;

import com.google.common.base.CaseFormat;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sphereclr.encoder.settings.LegalRange;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The settings of one component (the model, the method, the SEC, ...): the fields of {@link
 * PretrainConfig} whose {@link Setting} names this group, the rules between them, and when the
 * run's other settings leave one without effect. {@code --help} shows the groups as sections.
 */
abstract class SettingGroup {

    /**
     * A setting, when it has an effect, and why it has none otherwise. Given by the user where it
     * has none, it is refused, unless {@code tolerated}.
     */
    record Inert(
            String field,
            Predicate<PretrainConfig> used,
            Function<PretrainConfig, String> why,
            boolean tolerated) {

        Inert(String field, Predicate<PretrainConfig> used, Function<PretrainConfig, String> why) {
            this(field, used, why, false);
        }
    }

    private final String title;
    private final List<Field> fields;

    SettingGroup(String title) {
        this.title = title;
        this.fields =
                Arrays.stream(PretrainConfig.class.getFields())
                        .filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .filter(f -> f.getAnnotation(Setting.class).group() == getClass())
                        .toList();
    }

    /** The section's heading, e.g. "Model". */
    final String title() {
        return title;
    }

    /** The fields of {@link PretrainConfig} this group owns, in the order they are declared. */
    final List<Field> declarations() {
        return fields;
    }

    /** The names of {@link #declarations()}. */
    final List<String> fields() {
        return fields.stream().map(Field::getName).toList();
    }

    /** The settings that change no result (how the run is carried out, where the data is). */
    final Set<String> operational() {
        return fields.stream()
                .filter(f -> f.getAnnotation(Setting.class).operational())
                .map(Field::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The settings of this group whose legal values are a range, by field name. */
    final Map<String, LegalRange> ranges() {
        Map<String, LegalRange> ranges = new LinkedHashMap<>();
        for (Field f : fields) {
            String range = f.getAnnotation(Setting.class).range();
            if (!range.isEmpty()) {
                ranges.put(f.getName(), LegalRange.of(range));
            }
        }
        return ranges;
    }

    /** Adds a sentence for each setting of {@code c} that breaks a rule other than its range. */
    void checkRules(PretrainConfig c, List<String> errors) {}

    /**
     * Adds a sentence for each setting of {@code c} in this group outside its legal values.
     *
     * @param values {@code c} as JSON, where the ranges read their fields
     */
    final void check(PretrainConfig c, JsonObject values, List<String> errors) {
        ranges().forEach(
                        (field, range) -> {
                            JsonElement value = values.get(field);
                            require(
                                    errors,
                                    range.contains(value.getAsDouble()),
                                    option(field),
                                    value,
                                    range.toString());
                        });
        checkRules(c, errors);
    }

    /** The rules saying when a setting of this group has no effect. */
    List<Inert> inert() {
        return List.of();
    }

    /** Each setting of {@code given} (field names) in this group that {@code c} leaves idle. */
    final List<String> idle(PretrainConfig c, Collection<String> given) {
        List<String> errors = new ArrayList<>();
        for (Inert r : inert()) {
            if (given.contains(r.field()) && !r.tolerated() && !r.used().test(c)) {
                errors.add(option(r.field()) + " has no effect here: " + r.why().apply(c));
            }
        }
        return errors;
    }

    /** The option that sets {@code field}: {@code headHidden} is {@code --head-hidden}. */
    static String option(String field) {
        return "--" + CaseFormat.LOWER_CAMEL.to(CaseFormat.LOWER_HYPHEN, field);
    }

    /**
     * Adds the standard sentence naming {@code name}, its value and the rule, unless {@code ok}.
     */
    static void require(List<String> errors, boolean ok, String name, Object value, String legal) {
        if (!ok) {
            errors.add(name + " = " + value + " is outside its legal range: " + legal);
        }
    }
}

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
 * The settings of one component (the model, the method, the SEC, ...): a subclass holds them as
 * public fields, each declared with its {@link Setting}, and says the rules between them and when
 * the run's other settings leave one without effect. {@link PretrainConfig} holds one of each;
 * {@code --help} shows them as sections.
 */
public abstract class SettingGroup {

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

    // Transient: a group is also the settings' holder, written to JSON field by field.
    private final transient String title;
    private final transient List<Field> fields;

    SettingGroup(String title) {
        this.title = title;
        this.fields =
                Arrays.stream(getClass().getDeclaredFields())
                        .filter(f -> Modifier.isPublic(f.getModifiers()))
                        .filter(f -> !Modifier.isStatic(f.getModifiers()))
                        .filter(f -> f.isAnnotationPresent(Setting.class))
                        .toList();
    }

    /** The setting's name: its {@link Setting#name()}, else the field's. */
    static String name(Field field) {
        String name = field.getAnnotation(Setting.class).name();
        return name.isEmpty() ? field.getName() : name;
    }

    /** The section's heading, e.g. "Model". */
    final String title() {
        return title;
    }

    /** The settings this group holds, in the order they are declared. */
    final List<Field> declarations() {
        return fields;
    }

    /** The names of {@link #declarations()} ({@link #name(Field)}). */
    final List<String> fields() {
        return fields.stream().map(SettingGroup::name).toList();
    }

    /** The settings that change no result (how the run is carried out, where the data is). */
    final Set<String> operational() {
        return fields.stream()
                .filter(f -> f.getAnnotation(Setting.class).operational())
                .map(SettingGroup::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The settings of this group whose legal values are a range, by field name. */
    final Map<String, LegalRange> ranges() {
        Map<String, LegalRange> ranges = new LinkedHashMap<>();
        for (Field f : fields) {
            String range = f.getAnnotation(Setting.class).range();
            if (!range.isEmpty()) {
                ranges.put(name(f), LegalRange.of(range));
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

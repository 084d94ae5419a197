package dev.sphereclr.pretrain.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.settings.LegalRange;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups of settings, in the order {@code --help} and {@code --print-config} show them, and
 * every setting by its name: the flat view ({@code secWeight} for {@code sec.weight}) that recipes,
 * options and the range checks use, and that {@code config.json} had before it was nested.
 */
public final class Settings {

    /** The group fields of {@link PretrainConfig}, in order. */
    private static final List<Field> GROUP_FIELDS =
            Arrays.stream(PretrainConfig.class.getFields())
                    .filter(f -> SettingGroup.class.isAssignableFrom(f.getType()))
                    .toList();

    /** One of each group, for their titles and rules (the rules read the whole configuration). */
    static final List<SettingGroup> GROUPS = groupsOf(new PretrainConfig());

    /** Every setting by name: the group field of the configuration and the field of the group. */
    private static final Map<String, Field[]> BY_NAME = byName();

    private Settings() {}

    /** Every group's title with its fields, in order. */
    public static List<Group> groups() {
        return GROUPS.stream()
                .map(g -> new Group(g.title(), g.declarations(), g.ranges()))
                .toList();
    }

    /**
     * A group's heading, the settings it holds (fields, each with its {@link Setting}), and their
     * ranges by name.
     */
    public record Group(String title, List<Field> declarations, Map<String, LegalRange> ranges) {

        /** The names of the settings ({@link #name(Field)}). */
        public List<String> fields() {
            return declarations.stream().map(SettingGroup::name).toList();
        }

        /** The name of a setting of this group: {@code secWeight} for {@code sec.weight}. */
        public static String name(Field declaration) {
            return SettingGroup.name(declaration);
        }
    }

    /** Whether {@code name} names a setting. */
    public static boolean isSetting(String name) {
        return BY_NAME.containsKey(name);
    }

    /**
     * The name of the setting {@code field} of the group {@code group} ({@code "sec", "weight"} is
     * {@code secWeight}), or null; with an empty field, non-null ("") when the group exists.
     */
    static String nameOf(String group, String field) {
        for (int g = 0; g < GROUP_FIELDS.size(); g++) {
            if (GROUP_FIELDS.get(g).getName().equals(group)) {
                if (field.isEmpty()) {
                    return "";
                }
                for (Field f : GROUPS.get(g).declarations()) {
                    if (f.getName().equals(field)) {
                        return SettingGroup.name(f);
                    }
                }
            }
        }
        return null;
    }

    /** Every setting's name, in group order. */
    static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * {@code c} as one object of every setting by name; a setting without a value is left out, as
     * Gson leaves it out of the flat form that checkpoints record.
     */
    public static JsonObject flat(PretrainConfig c) {
        JsonObject tree = new JsonObject();
        BY_NAME.forEach(
                (name, path) -> {
                    Object value = get(c, path);
                    if (value != null) {
                        tree.add(name, Json.GSON.toJsonTree(value));
                    }
                });
        return tree;
    }

    /**
     * The configuration of a flat object: defaults, overlaid by each setting {@code tree} names;
     * names that are no setting are ignored, as a reader of an older file must.
     */
    public static PretrainConfig fromFlat(JsonObject tree) {
        PretrainConfig c = new PretrainConfig();
        for (Map.Entry<String, JsonElement> e : tree.entrySet()) {
            Field[] path = BY_NAME.get(e.getKey());
            if (path == null) {
                continue;
            }
            Field field = path[1];
            if (e.getValue().isJsonNull() && field.getType().isPrimitive()) {
                continue;
            }
            Object value = Json.GSON.fromJson(e.getValue(), field.getGenericType());
            try {
                field.set(path[0].get(c), value);
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return c;
    }

    /** The groups of {@code c}, in order. */
    static List<SettingGroup> groupsOf(PretrainConfig c) {
        List<SettingGroup> groups = new ArrayList<>();
        for (Field f : GROUP_FIELDS) {
            try {
                groups.add((SettingGroup) f.get(c));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return groups;
    }

    /** The group fields of {@link PretrainConfig}, in order: their names are the JSON keys. */
    static List<Field> groupFields() {
        return GROUP_FIELDS;
    }

    private static Object get(PretrainConfig c, Field[] path) {
        try {
            return path[1].get(path[0].get(c));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Field[]> byName() {
        Map<String, Field[]> map = new LinkedHashMap<>();
        List<SettingGroup> groups = GROUPS;
        for (int g = 0; g < groups.size(); g++) {
            for (Field f : groups.get(g).declarations()) {
                if (map.put(SettingGroup.name(f), new Field[] {GROUP_FIELDS.get(g), f}) != null) {
                    throw new IllegalStateException("two settings named " + SettingGroup.name(f));
                }
            }
        }
        return map;
    }

    /** Every setting of {@code c} outside its legal values, as a sentence naming the option. */
    static List<String> problems(PretrainConfig c) {
        List<String> errors = new ArrayList<>();
        JsonObject values = flat(c);
        GROUPS.forEach(g -> g.check(c, values, errors));
        return errors;
    }

    /** Each setting of {@code given} (names) that {@code c} leaves without effect. */
    static List<String> idle(PretrainConfig c, Collection<String> given) {
        List<String> errors = new ArrayList<>();
        GROUPS.forEach(g -> errors.addAll(g.idle(c, given)));
        return errors;
    }
}

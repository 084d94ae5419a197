package dev.sphereclr.pretrain.config;

import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import java.lang.reflect.Field;
import java.lang.reflect.Type;

/**
 * {@link PretrainConfig} in JSON: written nested by group ({@code {"sec": {"weight": 0.01}}}), read
 * nested or flat ({@code {"secWeight": 0.01}}, the form of runs, checkpoints and summaries written
 * before the settings were grouped).
 */
final class PretrainConfigJson
        implements JsonSerializer<PretrainConfig>, JsonDeserializer<PretrainConfig> {

    @Override
    public JsonElement serialize(PretrainConfig c, Type type, JsonSerializationContext context) {
        JsonObject tree = new JsonObject();
        for (Field group : Settings.groupFields()) {
            try {
                tree.add(group.getName(), context.serialize(group.get(c)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return tree;
    }

    @Override
    public PretrainConfig deserialize(
            JsonElement json, Type type, JsonDeserializationContext context) {
        if (!json.isJsonObject()) {
            throw new JsonParseException("settings must be a JSON object, not " + json);
        }
        JsonObject tree = json.getAsJsonObject();
        if (!nested(tree)) {
            return Settings.fromFlat(tree);
        }
        JsonObject flat = new JsonObject();
        for (Field group : Settings.groupFields()) {
            JsonElement values = tree.get(group.getName());
            if (values == null || !values.isJsonObject()) {
                continue;
            }
            for (Field f :
                    Settings.groupsOf(new PretrainConfig()).get(index(group)).declarations()) {
                JsonElement value = values.getAsJsonObject().get(f.getName());
                if (value != null) {
                    flat.add(SettingGroup.name(f), value);
                }
            }
        }
        return Settings.fromFlat(flat);
    }

    /**
     * Whether {@code tree} is the nested form: its groups are objects (flat, "model" is absent).
     */
    private static boolean nested(JsonObject tree) {
        return tree.has("model") && tree.get("model").isJsonObject();
    }

    private static int index(Field group) {
        return Settings.groupFields().indexOf(group);
    }
}

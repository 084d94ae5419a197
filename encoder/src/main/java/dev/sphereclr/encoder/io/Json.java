package dev.sphereclr.encoder.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** JSON files of a run: pretty, and written atomically (temporary file, then rename). */
public final class Json {

    /**
     * The one Gson of SphereCLR's files. Enum constants are written as on the command line ({@code
     * channels-last}, {@code simclr}) and read in either spelling.
     */
    public static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .serializeSpecialFloatingPointValues()
                    // Numbers in untyped maps (a manifest's provenance) keep their kind: 42, not
                    // 42.0.
                    .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                    .registerTypeAdapterFactory(new LowerCaseEnums())
                    .create();

    private Json() {}

    /** Writes {@code value} as JSON to {@code file}, atomically. */
    public static void write(Path file, Object value) throws IOException {
        writeString(file, GSON.toJson(value) + "\n");
    }

    /** Writes {@code text} to {@code file} through a temporary file and an atomic rename. */
    public static void writeString(Path file, String text) throws IOException {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e, e);
        }
    }

    /** Reads {@code file} as {@code type}, naming the file on error. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            T value = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new IOException(file + ": empty JSON");
            }
            return value;
        } catch (JsonParseException e) {
            throw new IOException(
                    file + ": not valid JSON for " + type.getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The command-line spelling of an enum constant: {@code CHANNELS_LAST} as channels-last. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static final class LowerCaseEnums implements TypeAdapterFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<? super T> raw = type.getRawType();
            if (!Enum.class.isAssignableFrom(raw) || raw == Enum.class) {
                return null;
            }
            Class<? extends Enum> enumType =
                    raw.isEnum() ? (Class<? extends Enum>) raw : (Class) raw.getSuperclass();
            return (TypeAdapter<T>) new EnumAdapter(enumType);
        }
    }

    private static final class EnumAdapter<E extends Enum<E>> extends TypeAdapter<E> {
        private final Class<E> type;

        EnumAdapter(Class<E> type) {
            this.type = type;
        }

        @Override
        public void write(JsonWriter out, E value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(id(value));
            }
        }

        @Override
        public E read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String text = in.nextString();
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(
                        "'"
                                + text
                                + "' is not one of: "
                                + String.join(
                                        ", ",
                                        Arrays.stream(type.getEnumConstants())
                                                .map(Json::id)
                                                .toList()),
                        e);
            }
        }
    }
}

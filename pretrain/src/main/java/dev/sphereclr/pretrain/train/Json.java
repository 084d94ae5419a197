package dev.sphereclr.pretrain.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** JSON files of a run: pretty, and written atomically (temporary file, then rename). */
public final class Json {

    /** The one Gson of SphereCLR's files. */
    public static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private Json() {}

    /** Writes {@code value} as JSON to {@code file}, atomically. */
    public static void write(Path file, Object value) throws IOException {
        writeString(file, GSON.toJson(value) + "\n");
    }

    /** Writes {@code text} to {@code file} through a temporary file and an atomic rename. */
    public static void writeString(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
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
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(
                    file + ": not valid JSON for " + type.getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }
}

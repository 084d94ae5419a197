package dev.sphereclr.augment.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads the reference cases of a golden folder: {@code -Dgolden.dir=DIR}, files {@code NAME.json}
 * or {@code NAME.json.gz}. When the folder or the file is missing, the calling test is skipped with
 * a message that says so.
 */
public final class Golden {

    private Golden() {}

    /** Why {@code name}'s cases cannot be read, or empty when they can. */
    public static Optional<String> whyMissing(String name) {
        String dir = System.getProperty("golden.dir");
        if (dir == null || dir.isBlank()) {
            return Optional.of("golden.dir is not set: golden cases for '" + name + "' skipped");
        }
        if (file(dir, name).isEmpty()) {
            return Optional.of(
                    "no "
                            + name
                            + ".json nor "
                            + name
                            + ".json.gz in "
                            + dir
                            + ": golden cases skipped");
        }
        return Optional.empty();
    }

    private static Optional<Path> file(String dir, String name) {
        Path plain = Path.of(dir, name + ".json");
        Path gzip = Path.of(dir, name + ".json.gz");
        return Files.exists(plain)
                ? Optional.of(plain)
                : Files.exists(gzip) ? Optional.of(gzip) : Optional.empty();
    }

    /**
     * All cases of {@code name} (e.g. "augment") in {@code -Dgolden.dir}.
     *
     * @throws IOException when the file is missing (see {@link #whyMissing}), unreadable or empty
     */
    public static List<JsonObject> cases(String name) throws IOException {
        Optional<String> missing = whyMissing(name);
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        Path file = file(System.getProperty("golden.dir"), name).orElseThrow();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            JsonArray cases =
                    root.isJsonArray()
                            ? root.getAsJsonArray()
                            : root.getAsJsonObject().getAsJsonArray("cases");
            List<JsonObject> out = new ArrayList<>();
            cases.forEach(c -> out.add(c.getAsJsonObject()));
            if (out.isEmpty()) {
                throw new IOException(file + " holds no cases");
            }
            return out;
        }
    }

    /** The shape of an array object {@code {"shape", "dtype", "data"}}. */
    public static int[] shape(JsonObject array) {
        JsonArray s = array.getAsJsonArray("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).getAsInt();
        }
        return shape;
    }

    /** The flat row-major data of an array object. */
    public static double[] data(JsonObject array) {
        JsonArray d = array.getAsJsonArray("data");
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(i).getAsDouble();
        }
        return out;
    }

    /** The data as floats. */
    public static float[] floats(JsonObject array) {
        double[] d = data(array);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** A JSON list of integers. */
    public static int[] ints(JsonArray list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).getAsInt();
        }
        return out;
    }
}

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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads the reference cases of a golden folder: {@code -Dgolden.dir=DIR}, files {@code NAME.json}
 * or {@code NAME.json.gz}. When the folder or the file is missing, the calling test is skipped with
 * a message that says so.
 */
public final class Golden {

    private Golden() {}

    /** All cases of {@code name} (e.g. "augment"), or a skip when there are none to read. */
    public static List<JsonObject> cases(String name) throws IOException {
        String dir = System.getProperty("golden.dir");
        Assumptions.assumeTrue(
                dir != null && !dir.isBlank(), "golden.dir is not set: golden cases skipped");
        Path plain = Path.of(dir, name + ".json");
        Path gzip = Path.of(dir, name + ".json.gz");
        Path file = Files.exists(plain) ? plain : gzip;
        Assumptions.assumeTrue(
                Files.exists(file),
                "no " + plain + " nor " + gzip + ": golden cases for '" + name + "' skipped");
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

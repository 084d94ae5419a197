package dev.sphereclr.golden;

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
 * Reads golden reference cases ({@code NAME.json} or {@code NAME.json.gz}): those bundled with the
 * tests (copied from PyTorch/torchvision outputs, see the golden README), then every case of the
 * folder {@code -Dgolden.dir} when it is set, so that the same tests run against other case files
 * of the same schema.
 */
public final class Golden {

    /** Where the bundled cases lie on the test class path. */
    static final String BUNDLED = "/dev/sphereclr/golden/";

    private Golden() {}

    /**
     * Every case of {@code name} (e.g. "augment"): the bundled ones, then those of {@code
     * -Dgolden.dir}, each with a {@code "source"} naming its file.
     *
     * @throws IOException when the bundled file is missing, a file is unreadable or empty, or
     *     {@code golden.dir} names no folder
     */
    public static List<JsonObject> cases(String name) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        String resource = BUNDLED + name + ".json.gz";
        try (InputStream raw = Golden.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException("the bundled golden file " + resource + " is missing");
            }
            out.addAll(read(new GZIPInputStream(raw), "bundled " + name + ".json.gz"));
        }
        String dir = System.getProperty("golden.dir");
        if (dir != null && !dir.isBlank()) {
            if (!Files.isDirectory(Path.of(dir))) {
                throw new IOException("-Dgolden.dir=" + dir + " is not a folder");
            }
            Optional<Path> file = file(dir, name);
            if (file.isPresent()) {
                Path f = file.get();
                try (InputStream raw = Files.newInputStream(f)) {
                    out.addAll(
                            read(
                                    f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw,
                                    f.toString()));
                }
            }
        }
        return out;
    }

    private static Optional<Path> file(String dir, String name) {
        Path plain = Path.of(dir, name + ".json");
        Path gzip = Path.of(dir, name + ".json.gz");
        return Files.exists(plain)
                ? Optional.of(plain)
                : Files.exists(gzip) ? Optional.of(gzip) : Optional.empty();
    }

    private static List<JsonObject> read(InputStream in, String source) throws IOException {
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(reader);
            JsonArray cases =
                    root.isJsonArray()
                            ? root.getAsJsonArray()
                            : root.getAsJsonObject().getAsJsonArray("cases");
            List<JsonObject> out = new ArrayList<>();
            cases.forEach(
                    c -> {
                        JsonObject o = c.getAsJsonObject();
                        o.addProperty("source", source);
                        out.add(o);
                    });
            if (out.isEmpty()) {
                throw new IOException(source + " holds no cases");
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

package dev.sphereclr.encoder.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face's, which PyTorch users load with {@code
 * safetensors.torch.load_file}): an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian tensors. Written here in float32
 * (int64 for batch-norm counters, as PyTorch keeps them); read in float32, float16 and bfloat16
 * (the half types converted to float32), everything checked before anything is used: a cut header,
 * ranges that overlap, leave gaps or run past the end, a size that disagrees with the shape.
 */
public final class SafeTensors {

    /** The metadata key of the header. */
    static final String METADATA = "__metadata__";

    /** The largest file read: a Java array holds fewer than 2^31 values. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    /**
     * One tensor.
     *
     * @param shape its shape ({} for a scalar)
     * @param values its values in row-major order, as float32
     * @param int64 whether it is written as int64 (PyTorch's batch-norm counters)
     */
    public record Tensor(long[] shape, float[] values, boolean int64) {

        /** A float32 tensor. */
        public static Tensor of(long[] shape, float[] values) {
            return new Tensor(shape, values, false);
        }
    }

    /**
     * A file's contents.
     *
     * @param tensors by name, in the file's order
     * @param metadata the header's {@code __metadata__} (strings), empty when absent
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    private SafeTensors() {}

    /** Writes {@code tensors} (in their order) and {@code metadata} to {@code file}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::addProperty);
        header.add(METADATA, meta);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = (long) t.values().length * (t.int64() ? 8 : 4);
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.int64() ? "I64" : "F32");
            entry.add("shape", Json.GSON.toJsonTree(t.shape()));
            entry.add("data_offsets", Json.GSON.toJsonTree(new long[] {offset, offset + bytes}));
            header.add(e.getKey(), entry);
            offset += bytes;
        }
        StringBuilder json = new StringBuilder(header.toString());
        while ((json.length() + 8) % 8 != 0) {
            json.append(' '); // the data starts 8-byte aligned, as the reference writer pads it
        }
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(
                file,
                out -> {
                    out.write(littleEndian(8).putLong(head.length).array());
                    out.write(head);
                    for (Tensor t : tensors.values()) {
                        writeValues(out, t);
                    }
                });
    }

    private static ByteBuffer littleEndian(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeValues(OutputStream out, Tensor t) throws IOException {
        ByteBuffer b = littleEndian(t.values().length * (t.int64() ? 8 : 4));
        for (float v : t.values()) {
            if (t.int64()) {
                b.putLong((long) v);
            } else {
                b.putFloat(v);
            }
        }
        out.write(b.array());
    }

    /**
     * Reads {@code file} whole.
     *
     * @throws IOException naming the file and the first tensor at fault; nothing is returned from a
     *     file with any fault
     */
    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(
                    file
                            + ": "
                            + size
                            + " bytes; safetensors files of 2 GiB and more are not read");
        }
        ByteBuffer all;
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            all = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (all.hasRemaining() && c.read(all) >= 0) {
                // read on
            }
            all.flip();
        }
        if (size < 8) {
            throw new IOException(file + ": not a safetensors file (" + size + " bytes)");
        }
        long headerLength = all.getLong(0);
        if (headerLength <= 0 || headerLength > size - 8) {
            throw new IOException(
                    file
                            + ": the header says it is "
                            + headerLength
                            + " bytes long, the file has "
                            + (size - 8)
                            + " after the length (cut, or not a safetensors file)");
        }
        JsonObject header;
        try {
            header =
                    JsonParser.parseString(
                                    new String(
                                            all.array(),
                                            8,
                                            (int) headerLength,
                                            StandardCharsets.UTF_8))
                            .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + ": the header is not JSON (" + e.getMessage() + ")", e);
        }
        int dataStart = 8 + (int) headerLength;
        return new Contents(tensors(file, header, all, dataStart), metadata(header));
    }

    private static Map<String, String> metadata(JsonObject header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header.has(METADATA) && header.get(METADATA).isJsonObject()) {
            for (var e : header.getAsJsonObject(METADATA).entrySet()) {
                out.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return out;
    }

    private record Range(String name, long begin, long end) {}

    private static Map<String, Tensor> tensors(
            Path file, JsonObject header, ByteBuffer all, int dataStart) throws IOException {
        long dataBytes = all.limit() - (long) dataStart;
        List<Range> ranges = new ArrayList<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                continue;
            }
            String name = e.getKey();
            JsonObject entry = e.getValue().getAsJsonObject();
            String dtype = entry.get("dtype").getAsString();
            long[] shape = Json.GSON.fromJson(entry.get("shape"), long[].class);
            long[] offsets = Json.GSON.fromJson(entry.get("data_offsets"), long[].class);
            int width = width(file, name, dtype);
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) {
                throw new IOException(file + ": tensor " + name + " has no valid byte range");
            }
            if (offsets[1] > dataBytes) {
                throw new IOException(
                        file
                                + ": tensor "
                                + name
                                + " runs past the end of the file (bytes "
                                + offsets[0]
                                + " to "
                                + offsets[1]
                                + " of "
                                + dataBytes
                                + ")");
            }
            if (offsets[1] - offsets[0] != count * width) {
                throw new IOException(
                        file
                                + ": tensor "
                                + name
                                + " holds "
                                + (offsets[1] - offsets[0])
                                + " bytes, its shape and "
                                + dtype
                                + " need "
                                + count * width);
            }
            ranges.add(new Range(name, offsets[0], offsets[1]));
            out.put(name, decode(all, dataStart + (int) offsets[0], (int) count, dtype, shape));
        }
        ranges.sort(Comparator.comparingLong(Range::begin));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i).begin() < ranges.get(i - 1).end()) {
                throw new IOException(
                        file
                                + ": tensors "
                                + ranges.get(i - 1).name()
                                + " and "
                                + ranges.get(i).name()
                                + " overlap");
            }
        }
        return out;
    }

    private static int width(Path file, String name, String dtype) throws IOException {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "I64" -> 8;
            default ->
                    throw new IOException(
                            file
                                    + ": tensor "
                                    + name
                                    + " is "
                                    + dtype
                                    + "; float32, float16 and bfloat16 are read (and int64 for"
                                    + " counters)");
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa x 2^-24
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static Tensor decode(ByteBuffer all, int at, int count, String dtype, long[] shape) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] =
                    switch (dtype) {
                        case "F32" -> all.getFloat(at + 4 * i);
                        case "F16" -> halfToFloat(all.getShort(at + 2 * i));
                        case "BF16" ->
                                Float.intBitsToFloat((all.getShort(at + 2 * i) & 0xFFFF) << 16);
                        default -> all.getLong(at + 8 * i);
                    };
        }
        return new Tensor(shape, v, dtype.equals("I64"));
    }
}

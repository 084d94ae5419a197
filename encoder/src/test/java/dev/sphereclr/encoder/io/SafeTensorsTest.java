package dev.sphereclr.encoder.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader takes what the format allows and refuses each fault by name. */
class SafeTensorsTest {

    @TempDir Path tmp;

    /** A file of {@code header} (JSON) and {@code data}, as a foreign writer might make it. */
    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b =
                ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(tmp.resolve(name), b.array());
    }

    private IOException refused(Path file) {
        return assertThrows(IOException.class, () -> SafeTensors.read(file));
    }

    @Test
    void whatItWritesItReadsWithMetadataAndOrder() throws IOException {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put(
                "b.weight",
                SafeTensors.Tensor.of(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-7f, 6}));
        t.put("a.bias", SafeTensors.Tensor.of(new long[] {1}, new float[] {42}));
        Path f = tmp.resolve("x.safetensors");
        SafeTensors.write(f, t, Map.of("architecture", "resnet18"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(
                java.util.List.of("b.weight", "a.bias"),
                java.util.List.copyOf(c.tensors().keySet()));
        assertArrayEquals(t.get("b.weight").values(), c.tensors().get("b.weight").values());
        assertArrayEquals(new long[] {2, 3}, c.tensors().get("b.weight").shape());
        assertEquals("resnet18", c.metadata().get("architecture"));
        assertEquals(0, (Files.size(f) - 8 - 6 * 4 - 4) % 8, "the data starts 8-byte aligned");
    }

    @Test
    void halfTypesAreConvertedToFloat() throws IOException {
        // 1.0, -2.0, 0.5 and 65504 (the largest half) in float16, then 1.0, -2.5 in bfloat16
        ByteBuffer d = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3C00)
                .putShort((short) 0xC000)
                .putShort((short) 0x3800)
                .putShort((short) 0x7BFF);
        d.putShort((short) 0x3F80).putShort((short) 0xC020);
        Path f =
                file(
                        "half.safetensors",
                        "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}",
                        d.array());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new float[] {1, -2, 0.5f, 65504}, c.tensors().get("h").values());
        assertArrayEquals(new float[] {1, -2.5f}, c.tensors().get("b").values());
    }

    @Test
    void eachFaultIsRefusedNamingTheFileAndTheTensor() throws IOException {
        byte[] eight = new byte[8];
        Path cut =
                file(
                        "cut.safetensors",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        eight);
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 30));
        assertTrue(
                refused(cut).getMessage().startsWith(cut + ": the header says it is "),
                cut.toString());

        Path overlap =
                file(
                        "overlap.safetensors",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        eight);
        assertEquals(overlap + ": tensors a and b overlap", refused(overlap).getMessage());

        Path past =
                file(
                        "past.safetensors",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                        eight);
        assertEquals(
                past + ": tensor a runs past the end of the file (bytes 0 to 16 of 8)",
                refused(past).getMessage());

        Path size =
                file(
                        "size.safetensors",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                        eight);
        assertEquals(
                size + ": tensor a holds 8 bytes, its shape and F32 need 12",
                refused(size).getMessage());

        Path ints =
                file(
                        "ints.safetensors",
                        "{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        eight);
        assertEquals(
                ints
                        + ": tensor a is I32; float32, float16 and bfloat16 are read (and int64 for counters)",
                refused(ints).getMessage());

        Path notJson = file("text.safetensors", "{not json", new byte[0]);
        assertTrue(refused(notJson).getMessage().startsWith(notJson + ": the header is not JSON"));
    }

    @Test
    void aFileOf2GiBOrMoreIsRefusedBeforeReading() throws IOException {
        Path big = tmp.resolve("big.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 31); // sparse: no disk used
        }
        assertEquals(
                big + ": 2147483648 bytes; safetensors files of 2 GiB and more are not read",
                refused(big).getMessage());
    }
}

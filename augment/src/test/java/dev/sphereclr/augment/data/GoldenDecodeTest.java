package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.golden.Golden;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden case of {@code decode.json}: PNG files of each colour type and depth (gray, gray and
 * alpha, palette with and without a transparent entry, 1-bit, RGB and RGBA, 8 and 16 bits) decode
 * to the RGB bytes Pillow gives, exactly. A 16-bit gray PNG read through Java's colour conversion
 * came out gamma-shifted (cosine 0.67 against the same image in 8 bits).
 */
class GoldenDecodeTest {

    @TestFactory
    Stream<DynamicTest> everyPngDecodesAsPillowDecodesIt() throws IOException {
        return Golden.cases("decode").stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static byte[] bytes(JsonObject array) {
        double[] values = Golden.data(array);
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) (int) values[i];
        }
        return out;
    }

    private static void check(JsonObject c) throws IOException {
        String name = c.get("name").getAsString();
        JsonObject expected = c.getAsJsonObject("expected").getAsJsonObject("rgb");
        RgbImage decoded =
                ImageDecoder.decode(
                        bytes(c.getAsJsonObject("inputs").getAsJsonObject("file")), name);
        int[] shape = Golden.shape(expected);
        assertEquals(shape[0], decoded.height(), name);
        assertEquals(shape[1], decoded.width(), name);
        assertArrayEquals(bytes(expected), decoded.pixels(), name);
    }
}

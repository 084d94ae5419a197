package dev.sphereclr.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.Resampling;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.golden.Golden;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden case of {@code augment.json} ({@link Golden}), against torchvision's outputs. */
class GoldenAugmentTest {

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesTorchvision() throws IOException {
        return Golden.cases("augment").stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    private static void check(JsonObject c) {
        JsonObject p = c.getAsJsonObject("params");
        JsonObject input = c.getAsJsonObject("input");
        int[] inShape = Golden.shape(input);
        double[] in = Golden.data(input);
        byte[] bytes = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            bytes[i] = (byte) (int) in[i];
        }
        RgbImage rgb = new RgbImage(inShape[0], inShape[1], bytes);
        FloatImage img = rgb.toFloat();
        String op = c.get("op").getAsString();
        FloatImage out =
                switch (op) {
                    case "adjust_brightness" -> {
                        ImageOps.adjustBrightness(img, f(p, "factor"));
                        yield img;
                    }
                    case "adjust_contrast" -> {
                        ImageOps.adjustContrast(img, f(p, "factor"));
                        yield img;
                    }
                    case "adjust_saturation" -> {
                        ImageOps.adjustSaturation(img, f(p, "factor"));
                        yield img;
                    }
                    case "adjust_hue" -> {
                        ImageOps.adjustHue(img, f(p, "factor"));
                        yield img;
                    }
                    case "grayscale" -> {
                        ImageOps.grayscale(img);
                        yield img;
                    }
                    case "hflip" -> {
                        ImageOps.horizontalFlip(img);
                        yield img;
                    }
                    case "solarize" -> {
                        ImageOps.solarize(img, f(p, "threshold"));
                        yield img;
                    }
                    case "gaussian_blur" ->
                            GaussianBlur.blur(
                                    img,
                                    p.get("kernel_size").getAsInt(),
                                    p.get("sigma").getAsDouble());
                    case "resized_crop" -> {
                        assertTrue(p.get("antialias").getAsBoolean(), "only antialiased crops");
                        yield Resampling.resizedCrop(
                                rgb,
                                p.get("top").getAsInt(),
                                p.get("left").getAsInt(),
                                p.get("height").getAsInt(),
                                p.get("width").getAsInt(),
                                p.get("out_height").getAsInt(),
                                p.get("out_width").getAsInt());
                    }
                    case "normalize" -> {
                        img.normalize(
                                Golden.floats(listAsArray(p, "mean")),
                                Golden.floats(listAsArray(p, "std")));
                        yield img;
                    }
                    case "color_jitter" -> {
                        for (var step : p.getAsJsonArray("order")) {
                            String s = step.getAsString();
                            switch (s) {
                                case "brightness" -> ImageOps.adjustBrightness(img, f(p, s));
                                case "contrast" -> ImageOps.adjustContrast(img, f(p, s));
                                case "saturation" -> ImageOps.adjustSaturation(img, f(p, s));
                                case "hue" -> ImageOps.adjustHue(img, f(p, s));
                                default -> throw new AssertionError("unknown jitter step " + s);
                            }
                        }
                        yield img;
                    }
                    default -> throw new AssertionError("unknown op " + op);
                };
        JsonObject expected = c.getAsJsonObject("expected");
        int[] outShape = Golden.shape(expected);
        assertArrayEquals(
                new int[] {outShape[0], outShape[1]}, new int[] {out.height(), out.width()});
        float[] want = Golden.floats(expected);
        float[] got = out.toHwc();
        double atol = c.get("atol").getAsDouble();
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < want.length; i++) {
            double diff = Math.abs(want[i] - got[i]);
            if (diff > worst) {
                worst = diff;
                worstAt = i;
            }
        }
        final int at = worstAt;
        final double err = worst;
        assertTrue(
                worst <= atol,
                () ->
                        "max |diff| "
                                + err
                                + " > atol "
                                + atol
                                + " at flat index "
                                + at
                                + " (want "
                                + want[at]
                                + ", got "
                                + got[at]
                                + ")");
    }

    private static float f(JsonObject p, String name) {
        return p.get(name).getAsFloat();
    }

    private static JsonObject listAsArray(JsonObject p, String name) {
        JsonObject wrapped = new JsonObject();
        wrapped.add("data", p.getAsJsonArray(name));
        return wrapped;
    }
}

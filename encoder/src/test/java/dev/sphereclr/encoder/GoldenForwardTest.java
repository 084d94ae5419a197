package dev.sphereclr.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.encoder.nn.TorchvisionNames;
import dev.sphereclr.golden.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@code forward.json}: torchvision's ResNet-18 (both stems) and ResNet-50 in eval
 * mode, their weights and batch-norm statistics drawn per tensor name from a seeded stream (so the
 * case file holds a seed, not 100 MB of weights), on real images. The same tensors, imported here
 * through {@code encoder.safetensors}'s path, must give torchvision's features.
 */
class GoldenForwardTest {

    @TempDir static Path tmp;

    @TestFactory
    Stream<DynamicTest> torchvisionsResNetsComputeHereWhatTheyComputeInPyTorch()
            throws IOException {
        return Golden.cases("forward").stream()
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
    }

    /** FNV-1a, 64 bits, of {@code text}'s UTF-8 bytes. */
    static long fnv1a64(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    /** The values of tensor {@code name} as the generator's {@code drawn()} draws them. */
    static float[] drawn(String name, long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed ^ fnv1a64(name));
        String field = name.substring(name.lastIndexOf('.') + 1);
        float[] v = new float[(int) n];
        double scale = 0;
        if (shape.length == 4) {
            long fanIn = shape[1] * shape[2] * shape[3];
            scale = Math.pow(2, Math.rint(Math.log(Math.sqrt(2.0 / fanIn) / 2) / Math.log(2)));
        }
        for (int i = 0; i < v.length; i++) {
            long u = r.nextLong() >>> 1;
            v[i] =
                    (float)
                            switch (shape.length == 1 ? field : "conv") {
                                case "weight" -> u % 17 / 16.0 + 0.5;
                                case "bias" -> u % 17 / 16.0 - 0.5;
                                case "running_mean" -> u % 17 / 32.0 - 0.25;
                                case "running_var" -> u % 25 / 16.0 + 0.5;
                                default -> (u % 7 - 3) * scale;
                            };
        }
        return v;
    }

    private static void check(JsonObject c) throws IOException {
        JsonObject p = c.getAsJsonObject("params");
        EncoderManifest layout = new EncoderManifest();
        layout.architecture = p.get("architecture").getAsString();
        layout.stem = p.get("stem").getAsString();
        layout.width = 1;
        ResNet resnet = EncoderFolder.architecture(layout);
        long seed = p.get("seed").getAsLong();
        Map<String, long[]> shapes;
        try (Model model = Model.newInstance("layout")) {
            resnet.initialize(model, 64);
            shapes = TorchvisionNames.shapes(resnet);
        }
        Map<String, SafeTensors.Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            boolean counter = e.getKey().endsWith(".num_batches_tracked");
            state.put(
                    e.getKey(),
                    new SafeTensors.Tensor(
                            shape,
                            counter ? new float[] {100} : drawn(e.getKey(), shape, seed),
                            counter));
        }
        Path file = tmp.resolve(layout.architecture + "-" + layout.stem + ".safetensors");
        SafeTensors.write(file, state, Map.of());
        JsonObject x = c.getAsJsonObject("inputs").getAsJsonObject("x");
        int[] shape = Golden.shape(x);
        float[] input = Golden.floats(x);
        float[] expected = Golden.floats(c.getAsJsonObject("expected").getAsJsonObject("features"));
        double atol = p.get("atol").getAsDouble();
        try (FrozenEncoder encoder =
                        FrozenEncoder.load(
                                file,
                                new SafetensorsEncoder.Options(
                                        shape[2],
                                        EvalPreprocessing.IMAGENET_MEAN,
                                        EvalPreprocessing.IMAGENET_STD));
                NDManager m = encoder.manager().newSubManager()) {
            float[] ours =
                    encoder.embed(TensorLayout.CHANNELS_FIRST.create(m, input, shape[0], shape[2]))
                            .toFloatArray();
            assertEquals(expected.length, ours.length);
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - expected[i]));
            }
            System.out.println(
                    c.get("name").getAsString()
                            + ": largest difference "
                            + worst
                            + ", tolerance "
                            + atol);
            assertTrue(
                    worst <= atol,
                    c.get("name").getAsString() + ": largest difference " + worst + " > " + atol);
        }
    }
}

package dev.sphereclr.eval.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import dev.sphereclr.encoder.EmbeddingTranslator;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.eval.FixturesAccess;
import dev.sphereclr.eval.features.FeatureExtractor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrozenEncoderTest {

    @TempDir static Path tmp;
    static Path export;

    @BeforeAll
    static void pretrain() throws IOException {
        export = FixturesAccess.tinyEncoder(tmp);
    }

    static BufferedImage picture() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
            }
        }
        return img;
    }

    @Test
    void embedsImagesDeterministicallyInInferenceMode() throws IOException {
        try (FrozenEncoder encoder = FrozenEncoder.load(export)) {
            assertEquals(128, encoder.featureSize());
            float[] a = encoder.embed(picture());
            float[] b = encoder.embed(picture());
            assertEquals(128, a.length);
            assertArrayEquals(a, b, "inference mode: no batch statistics, the same output twice");
            RgbImage rgb = ImageDecoder.fromBufferedImage(picture());
            float[][] batch = encoder.embed(List.of(rgb, rgb));
            assertArrayEquals(a, batch[0], 1e-5f);
            assertArrayEquals(a, batch[1], 1e-5f);
        }
    }

    @Test
    void anExportLoadsAtAnotherInputSizeWithItsOwnNormalization() throws IOException {
        try (FrozenEncoder asExported = FrozenEncoder.load(export);
                FrozenEncoder larger = FrozenEncoder.load(export, 40, false)) {
            assertEquals(32, asExported.manifest().inputSize);
            assertEquals(40, larger.manifest().inputSize);
            assertEquals(40, larger.preprocessing().size());
            assertArrayEquals(
                    asExported.manifest().normalizationMean, larger.manifest().normalizationMean);
            assertEquals(asExported.id(), larger.id(), "the same parameters");
            // Another view of the picture, so other features, cached under another key.
            assertFalse(
                    java.util.Arrays.equals(asExported.embed(picture()), larger.embed(picture())));
            assertNotEquals(
                    FeatureExtractor.evalView(asExported).toString(),
                    FeatureExtractor.evalView(larger).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> FrozenEncoder.load(export, 4, false));
    }

    @Test
    void theIdTravelsWithTheFolderAndNamesItsParameters() throws IOException {
        Path copy = Files.createDirectories(export.resolveSibling("copy"));
        try (var files = Files.list(export)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        try (FrozenEncoder a = FrozenEncoder.load(export);
                FrozenEncoder b = FrozenEncoder.load(copy)) {
            assertTrue(a.id().matches("resnet18-cifar@0\\.25/[0-9a-f]{16}"), a.id());
            assertEquals(a.id(), b.id());
            assertNotEquals(a.identity(), b.identity());
        }
    }

    @Test
    void imagesGoInTheFastestLayoutUnlessLoadingAsksForOne() throws IOException {
        var last = dev.sphereclr.encoder.nn.TensorLayout.CHANNELS_LAST;
        try (FrozenEncoder measured = FrozenEncoder.load(export);
                FrozenEncoder asked = FrozenEncoder.load(export, last)) {
            assertEquals(measured.fastestLayout(), measured.layout());
            assertEquals(last, asked.layout());
            RgbImage rgb = ImageDecoder.fromBufferedImage(picture());
            assertArrayEquals(measured.embed(List.of(rgb))[0], asked.embed(List.of(rgb))[0], 1e-4f);
        }
    }

    @Test
    void bothBatchLayoutsEmbedAlike() throws IOException {
        try (FrozenEncoder encoder = FrozenEncoder.load(export);
                ai.djl.ndarray.NDManager m = encoder.manager().newSubManager()) {
            float[] planar = new float[4 * 3 * 32 * 32];
            java.util.SplittableRandom random = new java.util.SplittableRandom(5);
            for (int i = 0; i < planar.length; i++) {
                planar[i] = (float) random.nextGaussian();
            }
            float[] first =
                    encoder.embed(
                                    dev.sphereclr.encoder.nn.TensorLayout.CHANNELS_FIRST.create(
                                            m, planar, 4, 32))
                            .toFloatArray();
            float[] last =
                    encoder.embed(
                                    dev.sphereclr.encoder.nn.TensorLayout.CHANNELS_LAST.create(
                                            m, planar, 4, 32))
                            .toFloatArray();
            assertArrayEquals(first, last, 1e-4f);
        }
    }

    @Test
    void djlCriteriaLoadTheSameEncoder() throws Exception {
        float[] direct;
        try (FrozenEncoder encoder = FrozenEncoder.load(export)) {
            direct = encoder.embed(picture());
        }
        try (ZooModel<Image, float[]> model = EmbeddingTranslator.criteria(export).loadModel();
                Predictor<Image, float[]> predictor = model.newPredictor()) {
            float[] viaDjl = predictor.predict(ImageFactory.getInstance().fromImage(picture()));
            assertArrayEquals(direct, viaDjl, 1e-5f);
        }
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws IOException {
        Path copy = copyOf(export, "future");
        Path manifest = copy.resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replaceFirst("\"formatVersion\": \\d+", "\"formatVersion\": 7"));
        Checksums.write(copy);
        IOException e = assertThrows(IOException.class, () -> FrozenEncoder.load(copy));
        assertTrue(e.getMessage().contains("format version 7"), e.getMessage());
    }

    @Test
    void anArchitectureMismatchIsRefused() throws IOException {
        Path copy = copyOf(export, "mismatch");
        Path manifest = copy.resolve("manifest.json");
        Files.writeString(
                manifest, Files.readString(manifest).replace("\"resnet18\"", "\"resnet34\""));
        Checksums.write(copy);
        IOException e = assertThrows(IOException.class, () -> FrozenEncoder.load(copy));
        assertTrue(e.getMessage().contains("do not fit a resnet34"), e.getMessage());
    }

    private static void flipBit(Path file, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void aFlippedBitInTheParametersIsRefusedByEveryLoadingPath() throws IOException {
        Path copy = copyOf(export, "flipped");
        Path params = copy.resolve("encoder-0000.params");
        flipBit(params, (int) Files.size(params) - 9);
        refusedByEveryPath(copy, params + " is damaged or was changed: its SHA-256 is ");
    }

    private static void refusedByEveryPath(Path copy, String start) {
        IOException e = assertThrows(IOException.class, () -> FrozenEncoder.load(copy));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        e = assertThrows(IOException.class, () -> EmbeddingTranslator.criteria(copy));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    @Test
    void anEditedManifestIsRefusedByEveryLoadingPath() throws IOException {
        Path copy = copyOf(export, "edited");
        Path manifest = copy.resolve("manifest.json");
        EncoderManifest m = Json.read(manifest, EncoderManifest.class);
        m.normalizationMean[0] += 0.01f;
        Files.writeString(manifest, Json.GSON.toJson(m)); // a valid manifest, another mean
        refusedByEveryPath(copy, manifest + " is damaged or was changed");
    }

    @Test
    void anExportOfTheOldFormatWithoutChecksumsLoadsOnlyWhenAskedTo() throws Exception {
        float[] direct;
        try (FrozenEncoder encoder = FrozenEncoder.load(export)) {
            direct = encoder.embed(picture());
        }
        Path copy = legacyCopyOf(export, "legacy");
        IOException e = assertThrows(SettingException.class, () -> FrozenEncoder.load(copy));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                copy
                                        + " has no checksums.sha256: it was exported before"
                                        + " exports carried checksums (format 1)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--allow-unchecked"), e.getMessage());
        try (FrozenEncoder encoder = FrozenEncoder.loadUnchecked(copy)) {
            // Each load times its own layout: the two may differ by float rounding.
            assertArrayEquals(direct, encoder.embed(picture()), 1e-5f);
        }
    }

    @Test
    void anExportOfTheCurrentFormatWithoutChecksumsIsRefusedEvenWhenUncheckedIsAllowed()
            throws IOException {
        Path copy = copyOf(export, "stripped");
        Files.delete(copy.resolve(Checksums.FILE));
        String expected =
                copy.resolve(Checksums.FILE)
                        + " is missing: exports of format "
                        + EncoderManifest.FORMAT_VERSION
                        + " carry it";
        for (var load :
                List.<Callable<FrozenEncoder>>of(
                        () -> FrozenEncoder.load(copy), () -> FrozenEncoder.loadUnchecked(copy))) {
            IOException e = assertThrows(IOException.class, load::call);
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        }
    }

    @Test
    void aDamagedChecksumsFileIsNamedAsSuchNotAsDamagedParameters() throws IOException {
        Path copy = copyOf(export, "damaged-sums");
        Path sums = copy.resolve(Checksums.FILE);
        String text = Files.readString(sums);
        char first = text.charAt(0);
        Files.writeString(sums, (first == '0' ? '1' : '0') + text.substring(1));
        refusedByEveryPath(copy, sums + " is damaged: its lines do not match");
    }

    @Test
    void theDjlPathRefusesParametersOfAnotherWidthToo() throws IOException {
        Path copy = copyOf(export, "djl-width");
        scaleWidth(copy, 0.5);
        IOException e = assertThrows(IOException.class, () -> EmbeddingTranslator.criteria(copy));
        assertTrue(
                e.getMessage().matches("(?s).*encoder-0000.params.*parameter \\S+ has shape .*"),
                e.getMessage());
    }

    @Test
    void parametersOfAnotherWidthAreRefusedNamingTheFirstParameter() throws IOException {
        Path copy = copyOf(export, "width");
        scaleWidth(copy, 2);
        IOException e = assertThrows(IOException.class, () -> FrozenEncoder.load(copy));
        assertTrue(e.getMessage().contains("encoder-0000.params"), e.getMessage());
        assertTrue(
                e.getMessage().matches("(?s).*parameter \\S+ has shape .*expects .*"),
                e.getMessage());
    }

    @Test
    void aTruncatedParameterFileIsNamed() throws IOException {
        Path copy = copyOf(export, "truncated");
        Path params = copy.resolve("encoder-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Checksums.write(copy);
        IOException e = assertThrows(IOException.class, () -> FrozenEncoder.load(copy));
        assertTrue(e.getMessage().startsWith(params.toString()), e.getMessage());
        assertFalse(e.getMessage().endsWith("null"), e.getMessage());
    }

    @Test
    void aMissingFolderOrOneWithoutManifestIsNamed() throws IOException {
        Path nothing = tmp.resolve("nothing");
        IOException e = assertThrows(SettingException.class, () -> FrozenEncoder.load(nothing));
        assertEquals("--encoder " + nothing + ": no such folder", e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(SettingException.class, () -> FrozenEncoder.load(empty));
        assertEquals(empty + ": not an encoder export (no manifest.json)", e.getMessage());
    }

    @Test
    void randomBaselinesNameTheirArchitecture() {
        try (FrozenEncoder r = RandomEncoder.of("random:resnet18-cifar@0.25", 3)) {
            assertEquals(128, r.featureSize());
        }
        assertThrows(IllegalArgumentException.class, () -> RandomEncoder.of("random:resnet18", 3));
    }

    @Test
    void aFloorIsEvaluatedAtTheSizeAndNormalizationOfTheEncoderItIsTheFloorOf() {
        // An ImageNet stem trained on 64 px views: its floor at 64 px, not the stem's 224.
        SafetensorsEncoder.Options asTrained =
                new SafetensorsEncoder.Options(
                        64, EvalPreprocessing.CIFAR_MEAN, EvalPreprocessing.CIFAR_STD);
        try (FrozenEncoder r = RandomEncoder.of("random:resnet18-imagenet@0.25", 3, asTrained);
                FrozenEncoder standard = RandomEncoder.of("random:resnet18-imagenet@0.25", 3)) {
            assertEquals(64, r.manifest().inputSize);
            assertArrayEquals(EvalPreprocessing.CIFAR_MEAN, r.manifest().normalizationMean);
            assertArrayEquals(EvalPreprocessing.CIFAR_STD, r.manifest().normalizationStd);
            assertEquals(224, standard.manifest().inputSize);
            assertArrayEquals(
                    EvalPreprocessing.IMAGENET_MEAN, standard.manifest().normalizationMean);
            // Features cached for one must not be served for the other.
            assertNotEquals(
                    FeatureExtractor.evalView(r).toString(),
                    FeatureExtractor.evalView(standard).toString());
        }
    }

    /**
     * Rewrites the manifest of {@code copy} with its width times {@code factor}, checksums
     * rewritten: what a buggy exporter would write.
     */
    private static void scaleWidth(Path copy, double factor) throws IOException {
        Path manifest = copy.resolve("manifest.json");
        EncoderManifest m = Json.read(manifest, EncoderManifest.class);
        m.width *= factor;
        Files.writeString(manifest, Json.GSON.toJson(m));
        Checksums.write(copy);
    }

    /** A copy as an older SphereCLR exported it: format 1, without checksums. */
    static Path legacyCopyOf(Path from, String name) throws IOException {
        Path copy = copyOf(from, name);
        Files.delete(copy.resolve(Checksums.FILE));
        Path manifest = copy.resolve("manifest.json");
        EncoderManifest m = Json.read(manifest, EncoderManifest.class);
        m.formatVersion = 1;
        Files.writeString(manifest, Json.GSON.toJson(m));
        return copy;
    }

    static Path copyOf(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}

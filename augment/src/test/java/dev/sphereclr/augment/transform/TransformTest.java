package dev.sphereclr.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.RgbImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformTest {

    static RgbImage noise(int h, int w, long seed) {
        byte[] px = new byte[h * w * 3];
        new SplittableRandom(seed).nextBytes(px);
        return new RgbImage(h, w, px);
    }

    @Test
    void aViewDependsOnlyOnItsSeedCoordinates() {
        ViewTransform view = Presets.simclrImageNet(64).build();
        RgbImage img = noise(80, 100, 1);
        float[] a = view.apply(img, ViewSeeds.forView(7, 2, 11, 0)).data();
        float[] b = view.apply(img, ViewSeeds.forView(7, 2, 11, 0)).data();
        float[] c = view.apply(img, ViewSeeds.forView(7, 2, 11, 1)).data();
        float[] d = view.apply(img, ViewSeeds.forView(7, 3, 11, 0)).data();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "the second view differs");
        assertFalse(Arrays.equals(a, d), "the next epoch differs");
    }

    @Test
    void randomCropsStayInsideWithTheirScaleAndRatio() {
        RandomResizedCrop crop = new RandomResizedCrop(32, 0.2, 0.5, 0.75, 4.0 / 3);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            int[] r = crop.region(60, 90, random);
            assertTrue(r[0] >= 0 && r[1] >= 0 && r[0] + r[2] <= 60 && r[1] + r[3] <= 90);
            double area = (double) r[2] * r[3] / (60 * 90);
            assertTrue(area > 0.17 && area < 0.55, "area " + area);
        }
    }

    @Test
    void aFlatImageIsUnchangedByEveryColourOp() {
        byte[] px = new byte[16 * 16 * 3];
        Arrays.fill(px, (byte) 128);
        FloatImage img = new RgbImage(16, 16, px).toFloat();
        float gray = 128 / 255f;
        ImageOps.adjustContrast(img, 0.3f);
        ImageOps.adjustSaturation(img, 1.7f);
        ImageOps.adjustHue(img, 0.4f);
        ImageOps.grayscale(img);
        FloatImage blurred = GaussianBlur.blur(img, 5, 1.3);
        for (float v : blurred.data()) {
            assertEquals(gray, v, 1e-4);
        }
    }

    @Test
    void hueShiftsOfOppositeSignCancel() {
        FloatImage img = noise(8, 8, 4).toFloat();
        FloatImage shifted = img.copy();
        ImageOps.adjustHue(shifted, 0.2f);
        ImageOps.adjustHue(shifted, -0.2f);
        for (int i = 0; i < img.data().length; i++) {
            assertEquals(img.data()[i], shifted.data()[i], 2e-3);
        }
    }

    @Test
    void presetsHaveThePapersGeometry() {
        assertEquals(23, GaussianBlur.kernelForSide(224));
        assertEquals(3, GaussianBlur.kernelForSide(32));
        FloatImage eval = Presets.evalImageNet(224).build().apply(noise(300, 400, 5), null);
        assertEquals(224, eval.height());
        assertEquals(224, eval.width());
        FloatImage cifar = Presets.evalCifar().build().apply(noise(32, 32, 6), null);
        assertEquals(32, cifar.height());
        assertThrows(IllegalArgumentException.class, () -> Presets.byName("byol", 32));
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedByName() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ViewConfig.builder().optGrayscale(1.5).build());
        assertTrue(e.getMessage().contains("grayscale probability"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ViewConfig.builder().optCropScale(0.5, 0.2).build());
        assertTrue(e.getMessage().contains("crop scale"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ViewConfig.builder().optColorJitter(0.4, 0.4, 0.4, 0.7, 0.8).build());
        assertTrue(e.getMessage().contains("hue"), e.getMessage());
    }

    @Test
    void asymmetricViewsAreConfiguration() {
        ViewConfig first = Presets.mocoV2(32).toBuilder().optBlur(1.0, 3, 0.1, 2.0).build();
        ViewConfig second =
                Presets.mocoV2(32).toBuilder()
                        .optBlur(0.1, 3, 0.1, 2.0)
                        .optSolarize(0.2, 0.5)
                        .build();
        MultiViewTransform views = new MultiViewTransform(java.util.List.of(first, second));
        assertEquals(2, views.viewCount());
        assertTrue(views.view(1).config().toString().contains("solarize=0.20"));
    }

    @Test
    void theEncodersPreprocessingIsTheEvaluationView() {
        for (int size : new int[] {32, 64, 224}) {
            float[] mean = {0.3f, 0.4f, 0.5f};
            float[] std = {0.2f, 0.25f, 0.3f};
            EvalPreprocessing encoder = new EvalPreprocessing(size, mean, std);
            ViewTransform view = Presets.evalFor(size, mean, std).build();
            for (int[] hw : new int[][] {{size, size}, {size + 9, size * 2}, {300, 250}}) {
                RgbImage image = noise(hw[0], hw[1], size + hw[0]);
                assertArrayEquals(
                        view.apply(image, null).data(),
                        encoder.apply(image).data(),
                        "size " + size + ", image " + hw[0] + "x" + hw[1]);
            }
        }
    }
}

package dev.sphereclr.bench.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SideBySideTest {

    @Test
    void readsTheRateAndPeakMemoryOfBothSides() throws IOException {
        assertArrayEquals(
                new double[] {63.3, 2838, Double.NaN},
                SideBySide.parse(
                        "RESULT peer train-step arch=resnet18 size=32 views/s(median)=63.3 median_step_s=8.093 steps=4"
                                + " threads=2 peakRSS_MB=2838 torch=1.13.0a0 malloc=jemalloc",
                        "peer"));
        assertArrayEquals(
                new double[] {1943.6, -1, Double.NaN},
                SideBySide.parse(
                        "RESULT peer augment size=32 views/s(one thread)=1943.6 views=4000",
                        "peer"));
        assertArrayEquals(
                new double[] {262.8, -1, Double.NaN},
                SideBySide.parse(
                        "RESULT ours embed arch=resnet18 size=32 images/s(median)=262.8 batch=256",
                        "ours"));
        assertArrayEquals(
                new double[] {72.5, 3128, 0.968},
                SideBySide.parse(
                        "RESULT ours e2e arch=resnet18 size=32 batch=256 views/s(median)=72.5"
                                + " median_step_s=7.062 steps=4 peakRSS_MB=3128 step_views_per_s=74.9"
                                + " of_own_step=0.968 threads=2 malloc=jemalloc",
                        "ours"));
        IOException e =
                assertThrows(IOException.class, () -> SideBySide.parse("nothing", "ours step"));
        assertTrue(e.getMessage().contains("ours step"), e.getMessage());
    }

    @Test
    void formatsOneLinePerFigure() {
        String line =
                SideBySide.format(
                        new SideBySide.Measured(
                                "train-step 32px",
                                73.5,
                                63.3,
                                73.5 / 63.3,
                                2981,
                                2838,
                                new double[] {73.5},
                                new double[] {63.3},
                                Double.NaN,
                                new double[] {Double.NaN}));
        assertTrue(line.contains("ours      73.5") && line.contains("ratio  1.16x"), line);
        assertTrue(!line.contains("same process"), line);
        String e2e =
                SideBySide.format(
                        new SideBySide.Measured(
                                "e2e 32px",
                                72.5,
                                60.1,
                                72.5 / 60.1,
                                3128,
                                2848,
                                new double[] {72.5},
                                new double[] {60.1},
                                0.968,
                                new double[] {0.968}));
        assertTrue(e2e.endsWith("0.97x of our step in the same process"), e2e);
    }
}

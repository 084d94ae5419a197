package dev.sphereclr.encoder.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorLayoutTest {

    /** Two 2x2 images whose every value says where it is: 100 n + 10 c + pixel. */
    private static float[] planar() {
        float[] x = new float[2 * 3 * 4];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    x[n * 12 + c * 4 + p] = 100 * n + 10 * c + p;
                }
            }
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(names = {"CHANNELS_FIRST", "CHANNELS_LAST"})
    void bothDenseLayoutsHoldTheSameImages(TensorLayout layout) {
        float[] x = planar();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = layout.create(m, x, 2, 2);
            assertEquals(new Shape(2, 3, 2, 2), a.getShape());
            assertArrayEquals(x, a.toFloatArray());
            // Element (n 1, c 2, h 1, w 0) through indexing, not through the flat copy.
            assertEquals(100 + 20 + 2, a.get(1, 2, 1, 0).getFloat());
            // The convolution kernels see the strides: the two must compute the same thing.
            NDArray sums = a.sum(new int[] {2, 3});
            assertArrayEquals(new float[] {6, 46, 86, 406, 446, 486}, sums.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void theBlockedLayoutHoldsTheSameImagesToo() {
        float[] x = planar();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = TensorLayout.ONEDNN_BLOCKED.create(m, x, 2, 2);
            assertTrue(OneDnnArrays.isBlocked(a));
            assertEquals(new Shape(2, 3, 2, 2), a.getShape());
            assertArrayEquals(x, OneDnnArrays.dense(a).toFloatArray());
        }
    }

    @Test
    void channelsLastInterleavesThePixels() {
        FloatBuffer target = FloatBuffer.allocate(24);
        TensorLayout.CHANNELS_LAST.put(planar(), 2, 2, target);
        float[] memory = target.array();
        // Image 0, pixel 0: channels 0, 1, 2; then pixel 1.
        assertArrayEquals(new float[] {0, 10, 20, 1, 11, 21}, java.util.Arrays.copyOf(memory, 6));
        assertEquals(100 + 20 + 3, memory[23]);
        FloatBuffer first = FloatBuffer.allocate(24);
        TensorLayout.CHANNELS_FIRST.put(planar(), 2, 2, first);
        assertArrayEquals(planar(), first.array());
    }

    @Test
    void fastestPicksTheCheaperPassAndReportsBoth() {
        TensorLayout.Choice c =
                TensorLayout.fastest(
                        TensorLayout.TRAINABLE,
                        l -> {
                            if (l == TensorLayout.CHANNELS_FIRST) {
                                long end = System.nanoTime() + 20_000_000;
                                while (System.nanoTime() < end) {
                                    Thread.onSpinWait();
                                }
                            }
                        },
                        2);
        assertEquals(TensorLayout.CHANNELS_LAST, c.layout());
        assertTrue(c.seconds().get(TensorLayout.CHANNELS_FIRST) >= 0.02, c.toString());
        assertTrue(c.toString().startsWith("channels-last ("), c.toString());
    }

    @Test
    void fastestTimesOnlyTheCandidatesAndPicksTheCheapest() {
        java.util.List<TensorLayout> passes = new java.util.ArrayList<>();
        TensorLayout.Choice c =
                TensorLayout.fastest(
                        java.util.List.of(TensorLayout.values()),
                        l -> {
                            passes.add(l);
                            if (l != TensorLayout.ONEDNN_BLOCKED) {
                                long end = System.nanoTime() + 20_000_000;
                                while (System.nanoTime() < end) {
                                    Thread.onSpinWait();
                                }
                            }
                        },
                        1);
        assertEquals(TensorLayout.ONEDNN_BLOCKED, c.layout());
        assertEquals(6, passes.size());
        assertEquals(3, c.seconds().size());
        TensorLayout.fastest(TensorLayout.TRAINABLE, passes::add, 1);
        assertEquals(6 + 4, passes.size());
        assertTrue(passes.subList(6, 10).stream().noneMatch(l -> l == TensorLayout.ONEDNN_BLOCKED));
    }

    @Test
    void namesParseAndABadOneNamesTheSetting() {
        assertEquals(TensorLayout.CHANNELS_LAST, TensorLayout.parse("--layout", "Channels-Last"));
        assertEquals(TensorLayout.CHANNELS_FIRST, TensorLayout.parse("--layout", "channels-first"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TensorLayout.parse("--layout", "nhwc"));
        assertTrue(e.getMessage().contains("--layout"), e.getMessage());
        assertTrue(
                e.getMessage().contains("channels-first, channels-last, onednn-blocked"),
                e.getMessage());
        assertEquals(TensorLayout.ONEDNN_BLOCKED, TensorLayout.parse("--layout", "onednn-blocked"));
    }
}

package dev.sphereclr.eval.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.eval.FixturesAccess;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@link FrozenEncoder} shared by many threads, and closed while they use it. */
class FrozenEncoderThreadsTest {

    @TempDir Path tmp;

    private static List<RgbImage> images(int n) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    img.setRGB(x, y, (x * 7 + i * 13) << 16 | (y * 5 + i) << 8 | (x ^ y) * 8);
                }
            }
            out.add(ImageDecoder.fromBufferedImage(img));
        }
        return out;
    }

    @Test
    void eightThreadsEmbedWhatOneThreadEmbeds() throws Exception {
        List<RgbImage> images = images(16);
        try (FrozenEncoder encoder = FrozenEncoder.load(FixturesAccess.tinyEncoder(tmp))) {
            float[][] alone = encoder.embed(images);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[][]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    for (int round = 0; round < 5; round++) {
                        results.add(pool.submit(() -> encoder.embed(images)));
                    }
                }
                for (Future<float[][]> r : results) {
                    float[][] shared = r.get();
                    for (int i = 0; i < alone.length; i++) {
                        assertArrayEquals(alone[i], shared[i]);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void closingWhileOthersEmbedWaitsForThemAndLaterUseIsNamed() throws Exception {
        List<RgbImage> images = images(8);
        FrozenEncoder encoder = FrozenEncoder.load(FixturesAccess.tinyEncoder(tmp));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> users = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            users.add(
                    pool.submit(
                            () -> {
                                for (int i = 0; i < 50; i++) {
                                    try {
                                        assertEquals(8, encoder.embed(images).length);
                                        finished.incrementAndGet();
                                    } catch (IllegalStateException closed) {
                                        assertTrue(
                                                closed.getMessage()
                                                        .endsWith(
                                                                "is closed: load it again to embed"),
                                                closed.getMessage());
                                        refused.incrementAndGet();
                                    }
                                }
                                return null;
                            }));
        }
        Thread.sleep(200);
        encoder.close();
        for (Future<?> u : users) {
            u.get(); // no thread saw a crash or a half-closed encoder
        }
        pool.shutdown();
        assertEquals(200, finished.get() + refused.get());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> encoder.embed(images));
        assertEquals(
                "FrozenEncoder " + encoder.id() + " is closed: load it again to embed",
                e.getMessage());
        encoder.close(); // a second close does nothing
    }
}

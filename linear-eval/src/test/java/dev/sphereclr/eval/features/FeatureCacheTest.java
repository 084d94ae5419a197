package dev.sphereclr.eval.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature cache returns only what it wrote, bit for bit. */
class FeatureCacheTest {

    @TempDir Path tmp;

    private static FeatureSet features() {
        float[] f = new float[6 * 4];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.sin(i);
        }
        return new FeatureSet(f, new int[] {0, 1, 2, 0, 1, 2}, 4, 3);
    }

    @Test
    void aFlippedBitAnywhereIsNotUsedAndTheEntryIsComputedAgain() throws IOException {
        FeatureCache cache = new FeatureCache(tmp);
        String key = FeatureCache.key("encoder", "cifar10", "test");
        cache.put(key, features());
        Path file = tmp.resolve(key + ".features");
        assertArrayEquals(features().features(), cache.get(key).orElseThrow().features());
        byte[] intact = Files.readAllBytes(file);
        for (int at = 0; at < intact.length; at += 7) {
            byte[] damaged = intact.clone();
            damaged[at] ^= 0x04; // a feature's exponent bit turns 0.84 into 1e38-like values
            Files.write(file, damaged);
            Optional<FeatureSet> read = cache.get(key);
            assertTrue(read.isEmpty(), "byte " + at + " flipped, yet the entry was used");
        }
        Files.write(file, java.util.Arrays.copyOf(intact, intact.length - 5));
        assertTrue(cache.get(key).isEmpty(), "a truncated entry");
    }

    @Test
    void aKilledWritesLeftoverIsRemovedByTheNextWrite() throws IOException {
        FeatureCache cache = new FeatureCache(tmp);
        String key = FeatureCache.key("encoder", "cifar10", "train");
        Path leftover = Files.writeString(tmp.resolve("." + key + ".features-3k2j1.tmp"), "half");
        cache.put(key, features());
        assertFalse(Files.exists(leftover));
        assertEquals(6, cache.get(key).orElseThrow().count());
    }
}

package dev.sphereclr.augment.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomBatchesTest {

    @Test
    void valuesHaveMeanZeroAndVarianceOneWithinTheUniformRange() {
        float[] v = new float[200_001];
        RandomBatches.fill(v, new SplittableRandom(3));
        double sum = 0;
        double squares = 0;
        float limit = (float) Math.sqrt(3);
        for (float x : v) {
            assertTrue(x >= -limit && x < limit, "value " + x + " outside [-sqrt 3, sqrt 3)");
            sum += x;
            squares += x * x;
        }
        double mean = sum / v.length;
        assertEquals(0, mean, 0.01);
        assertEquals(1, squares / v.length - mean * mean, 0.01);
        assertTrue(v[v.length - 1] != 0, "the odd last value is filled");
    }

    @Test
    void aBatchIsTheSameForTheSameSeedEpochAndPosition() {
        RandomBatches a = new RandomBatches(4, 2, 8, 3, 11);
        RandomBatches b = new RandomBatches(4, 2, 8, 3, 11);
        Batch first = a.next();
        Batch second = a.next();
        b.start(0, 1);
        assertArrayEquals(second.views()[1], b.next().views()[1]);
        assertFalse(Arrays.equals(first.views()[0], second.views()[0]));
        assertFalse(Arrays.equals(second.views()[0], second.views()[1]));
    }
}

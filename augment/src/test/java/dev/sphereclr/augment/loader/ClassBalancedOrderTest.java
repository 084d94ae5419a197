package dev.sphereclr.augment.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassBalancedOrderTest {

    /** 10 classes of 6 images, class c at indices 6c..6c+5, but class 9 has only 2. */
    private static int[] labels() {
        int[] labels = new int[56];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Math.min(i / 6, 9);
        }
        return labels;
    }

    @Test
    void everyBatchHoldsPClassesOfKImagesAndTheEpochIsItsSeeds() {
        int[] labels = labels();
        ClassBalancedOrder order = new ClassBalancedOrder(labels, 4, 3);
        assertEquals(12, order.batchSize());
        int[] epoch = order.order(42, 0, 4);
        for (int b = 0; b < 4; b++) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i = 0; i < 12; i++) {
                counts.merge(labels[epoch[b * 12 + i]], 1, Integer::sum);
            }
            assertEquals(4, counts.size(), "classes of batch " + b);
            assertTrue(counts.values().stream().allMatch(k -> k == 3), counts.toString());
        }
        assertArrayEquals(epoch, order.order(42, 0, 4));
        assertFalse(Arrays.equals(epoch, order.order(42, 1, 4)));
        assertFalse(Arrays.equals(epoch, order.order(43, 0, 4)));
    }

    @Test
    void aClassHandsOutAllItsImagesBeforeRepeatingOne() {
        int[] labels = new int[20];
        Arrays.setAll(labels, i -> i / 10);
        int[] epoch = new ClassBalancedOrder(labels, 2, 5).order(7, 0, 2);
        int[] seen = new int[20];
        for (int i : epoch) {
            seen[i]++;
        }
        assertTrue(Arrays.stream(seen).allMatch(n -> n == 1), Arrays.toString(seen));
    }

    @Test
    void whatCannotBeBalancedIsRefusedNamingWhy() {
        var few =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new ClassBalancedOrder(labels(), 11, 2));
        assertEquals(
                "a batch of 11 classes x 2 images needs 11 classes; the data has 10",
                few.getMessage());
        var one =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new ClassBalancedOrder(labels(), 2, 1));
        assertTrue(one.getMessage().contains("2 images of a class or more"), one.getMessage());
    }
}

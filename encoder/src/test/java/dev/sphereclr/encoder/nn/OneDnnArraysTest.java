package dev.sphereclr.encoder.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class OneDnnArraysTest {

    @Test
    void aBlockedCopyHoldsTheValuesOfEitherLayout() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray first = m.arange(2 * 3 * 4 * 4).toType(DataType.FLOAT32, false);
            first = first.reshape(2, 3, 4, 4);
            NDArray last = first.transpose(0, 2, 3, 1).duplicate().transpose(0, 3, 1, 2);
            for (NDArray x : new NDArray[] {first, last}) {
                NDArray blocked = OneDnnArrays.blocked(x);
                assertTrue(OneDnnArrays.isBlocked(blocked));
                NDArray back = OneDnnArrays.dense(blocked);
                assertFalse(OneDnnArrays.isBlocked(back));
                assertArrayEquals(first.toFloatArray(), back.toFloatArray());
            }
        }
    }

    @Test
    void aDenseArrayIsItsOwnDenseForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 3));
            assertFalse(OneDnnArrays.isBlocked(x));
            assertSame(x, OneDnnArrays.dense(x));
        }
    }

    @Test
    void onlyFloatArraysAreCopied() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ints = m.arange(12).reshape(1, 3, 2, 2);
            assertFalse(OneDnnArrays.supports(ints));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> OneDnnArrays.blocked(ints));
            assertTrue(e.getMessage().contains("int32"), e.getMessage());
        }
    }
}

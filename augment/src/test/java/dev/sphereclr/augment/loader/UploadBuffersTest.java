package dev.sphereclr.augment.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class UploadBuffersTest {

    @Test
    void eachUploadMatchesTheBatchItCopied() {
        RandomBatches source = new RandomBatches(4, 2, 8, 10, 7);
        UploadBuffers uploads = new UploadBuffers();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int round = 0; round < 3; round++) {
                Batch batch = source.next();
                float[][] expected = new float[2][];
                try (NDManager scope = m.newSubManager()) {
                    for (int v = 0; v < 2; v++) {
                        expected[v] = batch.view(scope, v).toFloatArray();
                    }
                }
                try (NDManager scope = m.newSubManager()) {
                    NDList views = uploads.upload(batch, scope);
                    assertEquals(2, views.size());
                    for (int v = 0; v < 2; v++) {
                        assertEquals(new Shape(4, 3, 8, 8), views.get(v).getShape());
                        assertArrayEquals(
                                expected[v], views.get(v).toFloatArray(), "round " + round);
                    }
                }
            }
        }
    }

    @Test
    void aLargerBatchGetsLargerBuffers() {
        UploadBuffers uploads = new UploadBuffers();
        try (NDManager m = NDManager.newBaseManager()) {
            uploads.upload(new RandomBatches(2, 2, 4, 1, 1).next(), m);
            Batch big = new RandomBatches(6, 3, 4, 1, 2).next();
            NDList views = uploads.upload(big, m);
            assertEquals(3, views.size());
            assertArrayEquals(big.view(m, 2).toFloatArray(), views.get(2).toFloatArray());
        }
    }
}

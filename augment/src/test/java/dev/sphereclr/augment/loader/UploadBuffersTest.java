package dev.sphereclr.augment.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.encoder.nn.OneDnnArrays;
import dev.sphereclr.encoder.nn.TensorLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UploadBuffersTest {

    @ParameterizedTest
    @EnumSource(TensorLayout.class)
    void eachUploadMatchesTheBatchItCopied(TensorLayout layout) {
        RandomBatches source = new RandomBatches(4, 2, 8, 10, 7);
        UploadBuffers uploads = new UploadBuffers(layout);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int round = 0; round < 3; round++) {
                Batch batch = source.next();
                float[][] expected = new float[2][];
                try (NDManager scope = m.newSubManager()) {
                    for (int v = 0; v < 2; v++) {
                        expected[v] =
                                batch.view(scope, v, TensorLayout.CHANNELS_FIRST).toFloatArray();
                    }
                }
                try (NDManager scope = m.newSubManager()) {
                    NDList views = uploads.upload(batch, scope);
                    assertEquals(2, views.size());
                    for (int v = 0; v < 2; v++) {
                        assertEquals(new Shape(4, 3, 8, 8), views.get(v).getShape());
                        assertArrayEquals(
                                expected[v],
                                OneDnnArrays.dense(views.get(v)).toFloatArray(),
                                "round " + round);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TensorLayout.class)
    void aLargerBatchGetsLargerBuffers(TensorLayout layout) {
        UploadBuffers uploads = new UploadBuffers(layout);
        try (NDManager m = NDManager.newBaseManager()) {
            uploads.upload(new RandomBatches(2, 2, 4, 1, 1).next(), m);
            Batch big = new RandomBatches(6, 3, 4, 1, 2).next();
            NDList views = uploads.upload(big, m);
            assertEquals(3, views.size());
            assertArrayEquals(
                    big.view(m, 2, TensorLayout.CHANNELS_FIRST).toFloatArray(),
                    OneDnnArrays.dense(views.get(2)).toFloatArray());
        }
    }
}

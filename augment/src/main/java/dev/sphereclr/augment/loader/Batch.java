package dev.sphereclr.augment.loader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.Buffer;
import java.nio.FloatBuffer;

/**
 * One batch of views on the host: per view an {@code N x 3 x H x W} float array (normalized), the
 * labels and the dataset indices of the N images.
 *
 * @param epoch the epoch the batch belongs to
 * @param position the batch's position within its epoch
 * @param views one flat array per view, {@code N x H x W x 3}
 * @param labels class index per image
 * @param indices dataset index per image
 * @param side the views' height and width
 */
public record Batch(
        int epoch, int position, float[][] views, int[] labels, int[] indices, int side) {

    /** Copies a CHW image into slot {@code i} of an interleaved batch buffer. */
    public static void putInterleaved(float[] chw, int side, float[] batch, int i) {
        int plane = side * side;
        int base = i * 3 * plane;
        for (int p = 0; p < plane; p++) {
            batch[base + 3 * p] = chw[p];
            batch[base + 3 * p + 1] = chw[plane + p];
            batch[base + 3 * p + 2] = chw[2 * plane + p];
        }
    }

    /** Images in the batch. */
    public int size() {
        return labels.length;
    }

    /**
     * View {@code v} as an {@code N x 3 x H x W} NDArray (channels-last) owned by {@code manager}.
     */
    public NDArray view(NDManager manager, int v) {
        return wrap(manager, FloatBuffer.wrap(views[v]));
    }

    /**
     * {@code data}, holding one view in this batch's layout, as an {@code N x 3 x H x W} NDArray
     * (channels-last) owned by {@code manager}.
     */
    NDArray wrap(NDManager manager, Buffer data) {
        return manager.create(data, new Shape(size(), side, side, 3), DataType.FLOAT32)
                .transpose(0, 3, 1, 2);
    }

    /** Every view as NDArrays owned by {@code manager}. */
    public NDList toNDList(NDManager manager) {
        NDList list = new NDList(views.length);
        for (int v = 0; v < views.length; v++) {
            list.add(view(manager, v));
        }
        return list;
    }
}

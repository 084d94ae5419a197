package dev.sphereclr.augment.loader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * One batch of views on the host: per view an {@code N x 3 x H x W} float array (normalized), the
 * labels and the dataset indices of the N images.
 *
 * @param epoch the epoch the batch belongs to
 * @param position the batch's position within its epoch
 * @param views one flat array per view
 * @param labels class index per image
 * @param indices dataset index per image
 * @param side the views' height and width
 */
public record Batch(
        int epoch, int position, float[][] views, int[] labels, int[] indices, int side) {

    /** Images in the batch. */
    public int size() {
        return labels.length;
    }

    /** View {@code v} as an {@code N x 3 x H x W} NDArray owned by {@code manager}. */
    public NDArray view(NDManager manager, int v) {
        return manager.create(FloatBuffer.wrap(views[v]), new Shape(size(), 3, side, side));
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

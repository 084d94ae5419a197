package dev.sphereclr.augment.loader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.encoder.nn.TensorLayout;

/**
 * One batch of views on the host: per view an {@code N x 3 x H x W} float array (normalized,
 * planar: each image's channel planes in turn), the labels and the dataset indices of the N images.
 * The engine's memory order is chosen when the views are wrapped ({@link TensorLayout}).
 *
 * @param epoch the epoch the batch belongs to
 * @param position the batch's position within its epoch
 * @param views one flat array per view, {@code N x 3 x H x W}
 * @param labels class index per image
 * @param indices dataset index per image
 * @param side the height and width of the first view (small views of multi-crop are smaller: see
 *     {@link #side(int)})
 */
public record Batch(
        int epoch, int position, float[][] views, int[] labels, int[] indices, int side) {

    /** Copies a CHW image into slot {@code i} of a planar batch buffer. */
    public static void put(float[] chw, int side, float[] batch, int i) {
        int per = 3 * side * side;
        System.arraycopy(chw, 0, batch, i * per, per);
    }

    /** Images in the batch. */
    public int size() {
        return labels.length;
    }

    /** The height and width of view {@code v}. */
    public int side(int v) {
        return (int) Math.round(Math.sqrt(views[v].length / (3.0 * size())));
    }

    /**
     * View {@code v} as an {@code N x 3 x H x W} NDArray in {@code layout}, owned by {@code
     * manager}.
     */
    public NDArray view(NDManager manager, int v, TensorLayout layout) {
        return layout.create(manager, views[v], size(), side(v));
    }

    /** Every view as NDArrays in {@code layout}, owned by {@code manager}. */
    public NDList toNDList(NDManager manager, TensorLayout layout) {
        NDList list = new NDList(views.length);
        for (int v = 0; v < views.length; v++) {
            list.add(view(manager, v, layout));
        }
        return list;
    }
}

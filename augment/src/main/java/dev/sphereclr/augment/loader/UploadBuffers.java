package dev.sphereclr.augment.loader;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Native staging memory for moving batches into the engine, one direct buffer per view, reused from
 * batch to batch.
 *
 * <p>{@link Batch#toNDList} lets the engine wrap a fresh direct buffer per view. On PyTorch the
 * tensor aliases that buffer, which the JVM frees only when a garbage collection finds it
 * unreachable: a training loop that allocates little on the Java heap piles up several batches of
 * them (24 MB at 256 CIFAR views a step). Here the buffers are allocated once; the price is that
 * the arrays of one {@link #upload} are valid only until the next: the caller must have closed
 * them, and finished any backward pass that reads them, before uploading again.
 */
public final class UploadBuffers {

    private final TensorLayout layout;
    private ByteBuffer[] buffers = new ByteBuffer[0];

    /** Buffers that hand views to the engine in {@code layout}. */
    public UploadBuffers(TensorLayout layout) {
        this.layout = layout;
    }

    /**
     * Copies every view of {@code batch} into the staging buffers and returns them as {@code N x 3
     * x H x W} arrays owned by {@code manager}, aliasing the buffers on the CPU.
     */
    public NDList upload(Batch batch, NDManager manager) {
        float[][] views = batch.views();
        if (buffers.length < views.length) {
            buffers = Arrays.copyOf(buffers, views.length);
        }
        NDList list = new NDList(views.length);
        for (int v = 0; v < views.length; v++) {
            int bytes = views[v].length * Float.BYTES;
            if (buffers[v] == null || buffers[v].capacity() != bytes) {
                buffers[v] = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            }
            ByteBuffer buffer = buffers[v];
            buffer.clear();
            int side = batch.side(v);
            layout.put(views[v], batch.size(), side, buffer.asFloatBuffer());
            list.add(layout.wrap(manager, buffer, batch.size(), side));
        }
        return list;
    }
}

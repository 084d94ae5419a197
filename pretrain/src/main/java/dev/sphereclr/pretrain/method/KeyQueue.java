package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.pretrain.loss.Embeddings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MoCo's queue of K unit-length keys, the negatives of InfoNCE: each step's keys replace the
 * oldest, after the optimizer step (a batch's own keys are never its negatives).
 */
final class KeyQueue {

    static final String FILE = "queue.ndlist";

    private final NDManager state;
    private NDArray keys;
    private long pointer;
    private NDArray pending;

    /** {@code size} random unit vectors of {@code dimension} and {@code type} in {@code state}. */
    KeyQueue(NDManager state, int size, int dimension, DataType type) {
        this.state = state;
        try (NDArray random = state.randomNormal(0, 1, new Shape(size, dimension), type)) {
            this.keys = Embeddings.l2Normalize(random);
        }
    }

    /** The keys, {@code K x D}. */
    NDArray keys() {
        return keys;
    }

    /** Where the next keys go. */
    long pointer() {
        return pointer;
    }

    /** Holds {@code k}'s unit vectors for the next {@link #enqueuePending}. */
    void offer(NDArray k) {
        if (pending != null) {
            pending.close();
        }
        pending = Embeddings.l2Normalize(k);
        pending.attach(state);
    }

    /** The offered keys replace the oldest. */
    void enqueuePending() {
        if (pending == null) {
            return;
        }
        long n = pending.getShape().get(0);
        keys.set(new NDIndex(pointer + ":" + (pointer + n)), pending);
        pointer = (pointer + n) % keys.getShape().get(0);
        pending.close();
        pending = null;
    }

    void save(Path dir) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE)))) {
            new NDList(keys).encode(o);
        }
    }

    /** Restores the keys saved in {@code dir} and the {@code pointer} saved with them. */
    void load(Path dir, long pointer) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(FILE)))) {
            NDArray loaded = NDList.decode(state, in).singletonOrThrow();
            if (!loaded.getShape().equals(keys.getShape())) {
                throw new IOException(
                        dir
                                + ": queue of shape "
                                + loaded.getShape()
                                + ", expected "
                                + keys.getShape());
            }
            keys.close();
            keys = loaded;
        }
        this.pointer = pointer;
    }
}

package dev.sphereclr.augment.loader;

import dev.sphereclr.augment.transform.MultiViewTransform;
import java.io.IOException;

/** Where a training loop takes its batches from: a {@link BatchLoader}, or random input. */
public interface BatchSource extends AutoCloseable {

    /** The next batch; continues into the next epoch after the last batch of one. */
    Batch next() throws IOException;

    /** Positions the source at batch {@code position} of epoch {@code epoch}. */
    void start(int epoch, int position);

    /** Batches in one epoch. */
    int batchesPerEpoch();

    /**
     * Makes every batch not yet delivered with {@code transform} (progressive resizing); a source
     * that does not transform images refuses.
     */
    default void setTransform(MultiViewTransform transform) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " makes no views and cannot change them");
    }

    @Override
    void close();
}

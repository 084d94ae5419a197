package dev.sphereclr.augment.loader;

import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.encoder.settings.LegalRange;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a dataset into batches of augmented views, prefetched by a bounded pool of worker threads.
 *
 * <p>The order of an epoch ({@link EpochOrder}) is drawn from (seed, epoch); each view's randomness
 * comes from (seed, epoch, index, view). A batch therefore holds the same pixels whatever the
 * number of workers, and a resumed run picks up at (epoch, batch position) with the same data.
 * Batches come out in order; at most twice the workers are computed ahead. {@link #close()} stops
 * the workers, and an error in a worker surfaces from {@link #next()} with the file it concerns.
 */
public final class BatchLoader implements BatchSource {

    /** Legal numbers of decoding threads. */
    public static final String WORKERS = "1..256";

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageDataset dataset;
    private final long seed;
    private final EpochOrder epochs;
    private final int prefetch;
    private BatchMaker maker;
    private final ExecutorService pool;
    private final Deque<Future<Batch>> pending = new ArrayDeque<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    private int epoch;
    private int[] order;
    private int nextToSubmit;
    private int nextToDeliver;
    private boolean closed;

    private BatchLoader(Builder b) {
        this.dataset = b.dataset;
        this.seed = b.seed;
        this.epochs = b.epochs;
        this.prefetch = 2 * b.workers; // enough to hide a slow batch behind the others
        this.maker = new BatchMaker(b.dataset, b.transform, b.batchSize, b.seed);
        int id = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory =
                r -> {
                    Thread t =
                            new Thread(r, "sphereclr-loader-" + id + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    threads.add(t);
                    return t;
                };
        this.pool = Executors.newFixedThreadPool(b.workers, factory);
        start(0, 0);
    }

    /** A builder: dataset, transform and batch size are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks, before a loader starts, that {@code dataset} cuts into batches of {@code batchSize}
     * with {@code imagesPerClass} images of each class.
     *
     * @return the classes with fewer images than that, which repeat some within a batch
     * @throws IllegalArgumentException naming what cannot be balanced
     */
    public static int checkBalance(ImageDataset dataset, int batchSize, int imagesPerClass) {
        return EpochOrder.of(dataset, batchSize, true, true, imagesPerClass).shortClasses();
    }

    @Override
    public int batchesPerEpoch() {
        return epochs.batches();
    }

    /** The dataset read. */
    public ImageDataset dataset() {
        return dataset;
    }

    /**
     * Positions the loader at batch {@code position} of epoch {@code epoch}, dropping anything
     * prefetched. Used when a run resumes.
     */
    @Override
    public synchronized void start(int epoch, int position) {
        if (position < 0 || position > batchesPerEpoch()) {
            throw new IllegalArgumentException(
                    "batch position " + position + " outside 0.." + batchesPerEpoch());
        }
        cancelPending();
        this.epoch = epoch;
        this.order = epochs.of(seed, epoch);
        this.nextToSubmit = position;
        this.nextToDeliver = position;
        fill();
    }

    /**
     * Makes every batch from the next one on with {@code transform}, dropping those prefetched with
     * the old one: progressive resizing changes the view size this way between two steps.
     */
    @Override
    public synchronized void setTransform(MultiViewTransform transform) {
        maker = new BatchMaker(maker.dataset(), transform, maker.batchSize(), maker.seed());
        start(epoch, nextToDeliver);
    }

    /** The epoch of the next batch {@link #next()} returns. */
    public synchronized int epoch() {
        return epoch;
    }

    /** The position within its epoch of the next batch {@link #next()} returns. */
    public synchronized int position() {
        return nextToDeliver;
    }

    /**
     * The next batch; after the last batch of an epoch, continues with the first of the next one.
     *
     * @throws IOException when a worker failed to read or transform an image (the loader is then
     *     closed)
     */
    @Override
    public Batch next() throws IOException {
        Future<Batch> head;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the loader is closed");
            }
            if (nextToDeliver >= batchesPerEpoch()) {
                start(epoch + 1, 0);
            }
            fill();
            head = pending.pollFirst();
            if (head == null) {
                throw new NoSuchElementException("the dataset is smaller than one batch");
            }
            nextToDeliver++;
            fill();
        }
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("a loader worker failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new IOException(
                    "the batch was cancelled: the loader was closed or repositioned", e);
        }
    }

    private void fill() {
        while (pending.size() < prefetch && nextToSubmit < batchesPerEpoch()) {
            int position = nextToSubmit++;
            int e = epoch;
            int[] o = order;
            BatchMaker m = maker;
            pending.addLast(pool.submit(() -> m.make(e, o, position)));
        }
    }

    private void cancelPending() {
        for (Future<Batch> f : pending) {
            f.cancel(true);
        }
        pending.clear();
    }

    /** Stops the workers; waits briefly so that no thread outlives the loader. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cancelPending();
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("loader workers did not stop within 30 s");
            }
            // A worker has left the pool before its thread has ended: wait for the threads too.
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a {@link BatchLoader}. */
    public static final class Builder {
        private ImageDataset dataset;
        private MultiViewTransform transform;
        private int batchSize;
        private long seed;
        private boolean shuffle = true;
        private boolean dropLast = true;
        private int imagesPerClass;
        private EpochOrder epochs;
        private int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

        private Builder() {}

        /** The images. */
        public Builder setDataset(ImageDataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** The views made of each image. */
        public Builder setTransform(MultiViewTransform transform) {
            this.transform = transform;
            return this;
        }

        /** Images per batch. */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of the order and of every view. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Shuffle each epoch (default true). */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drop the last, smaller batch of an epoch (default true). */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Class-balanced batches: {@code batchSize / k} classes of {@code k} images each ({@link
         * ClassBalancedOrder}); 0, the default, draws every batch from a plain permutation.
         */
        public Builder optImagesPerClass(int k) {
            this.imagesPerClass = k;
            return this;
        }

        /** Worker threads (default: cores - 1, at least 1). */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Validates and starts the workers on epoch 0. */
        public BatchLoader build() {
            if (dataset == null || transform == null) {
                throw new IllegalArgumentException("a loader needs a dataset and a transform");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            LegalRange.of(WORKERS).check("workers", workers);
            epochs = EpochOrder.of(dataset, batchSize, shuffle, dropLast, imagesPerClass);
            if (dropLast && dataset.size() < batchSize) {
                throw new IllegalArgumentException(
                        "batch size "
                                + batchSize
                                + " is larger than the dataset ("
                                + dataset.size()
                                + " images) with drop-last on");
            }
            return new BatchLoader(this);
        }
    }
}

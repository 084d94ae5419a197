package dev.sphereclr.augment.loader;

import java.util.SplittableRandom;

/**
 * Batches of standard-normal "views" with no data behind them: for measuring a training step
 * without the data pipeline, and for tests. Each batch is drawn from (seed, epoch, position), so a
 * restart sees the same input.
 */
public final class RandomBatches implements BatchSource {

    private final int batchSize;
    private final int views;
    private final int side;
    private final int batchesPerEpoch;
    private final long seed;
    private int epoch;
    private int position;

    /**
     * @param batchSize images per batch
     * @param views views per image
     * @param side image side
     * @param batchesPerEpoch batches that make an epoch
     * @param seed seed of the values
     */
    public RandomBatches(int batchSize, int views, int side, int batchesPerEpoch, long seed) {
        this.batchSize = batchSize;
        this.views = views;
        this.side = side;
        this.batchesPerEpoch = batchesPerEpoch;
        this.seed = seed;
    }

    @Override
    public Batch next() {
        if (position >= batchesPerEpoch) {
            epoch++;
            position = 0;
        }
        SplittableRandom random =
                new SplittableRandom(
                        dev.sphereclr.augment.transform.ViewSeeds.key(seed, epoch, position));
        float[][] data = new float[views][batchSize * 3 * side * side];
        for (float[] view : data) {
            for (int i = 0; i < view.length; i++) {
                view[i] = (float) gaussian(random);
            }
        }
        int[] labels = new int[batchSize];
        int[] indices = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            indices[i] = position * batchSize + i;
        }
        return new Batch(epoch, position++, data, labels, indices, side);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    @Override
    public void start(int epoch, int position) {
        this.epoch = epoch;
        this.position = position;
    }

    @Override
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public void close() {}
}

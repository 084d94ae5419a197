package dev.sphereclr.augment.loader;

import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.transform.ViewSeeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The dataset indices a loader's epoch visits, batch after batch: a permutation drawn from (seed,
 * epoch), the dataset's own order, or class-balanced batches ({@link ClassBalancedOrder}), and how
 * many batches an epoch has.
 */
final class EpochOrder {

    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final ClassBalancedOrder balanced;

    private EpochOrder(
            int size,
            int batchSize,
            boolean shuffle,
            boolean dropLast,
            ClassBalancedOrder balanced) {
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.balanced = balanced;
    }

    /**
     * The order of {@code dataset} in batches of {@code batchSize}; with {@code imagesPerClass}
     * above 0, class-balanced.
     *
     * @throws IllegalArgumentException when the batches cannot be balanced
     */
    static EpochOrder of(
            ImageDataset dataset,
            int batchSize,
            boolean shuffle,
            boolean dropLast,
            int imagesPerClass) {
        ClassBalancedOrder balanced = null;
        if (imagesPerClass > 0) {
            if (batchSize % imagesPerClass != 0) {
                throw new IllegalArgumentException(
                        "batch size "
                                + batchSize
                                + " is no multiple of "
                                + imagesPerClass
                                + " images a class");
            }
            int[] labels = new int[dataset.size()];
            Arrays.setAll(labels, dataset::label);
            balanced = new ClassBalancedOrder(labels, batchSize / imagesPerClass, imagesPerClass);
        }
        return new EpochOrder(dataset.size(), batchSize, shuffle, dropLast, balanced);
    }

    /** Classes with fewer images than a balanced batch takes of each; 0 unbalanced. */
    int shortClasses() {
        return balanced == null ? 0 : balanced.shortClasses();
    }

    /** Batches an epoch has: a last, smaller one only without drop-last and balancing. */
    int batches() {
        return dropLast || balanced != null ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** The dataset indices of epoch {@code epoch}. */
    int[] of(long seed, int epoch) {
        if (balanced != null) {
            return balanced.order(seed, epoch, batches());
        }
        if (!shuffle) {
            int[] identity = new int[size];
            Arrays.setAll(identity, i -> i);
            return identity;
        }
        return ViewSeeds.permutation(size, new SplittableRandom(ViewSeeds.key(seed, -1, epoch)));
    }
}

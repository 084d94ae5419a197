package dev.sphereclr.augment.loader;

import dev.sphereclr.augment.transform.ViewSeeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The batches of metric learning: P classes drawn at random without repeats, K images of each, so
 * that every image in a batch has K - 1 positives (the SEC authors sample 3 a class for the triplet
 * loss, 2 for N-pair, 5 for multi-similarity). Each class hands out its images in a shuffled order
 * and shuffles again when it has handed out all, so an epoch visits a class's images evenly; a
 * class with fewer than K images repeats some within a batch. Everything is drawn from (seed,
 * epoch): an epoch's order is the same after a resume.
 */
public final class ClassBalancedOrder {

    private final int classesPerBatch;
    private final int perClass;
    private final int[][] members;

    /**
     * @param labels the class of every image of the dataset
     * @param classesPerBatch P
     * @param perClass K, at least 2
     * @throws IllegalArgumentException naming what cannot be balanced
     */
    public ClassBalancedOrder(int[] labels, int classesPerBatch, int perClass) {
        if (perClass < 2) {
            throw new IllegalArgumentException(
                    "class-balanced batches need 2 images of a class or more, got " + perClass);
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        }
        if (byClass.size() < classesPerBatch) {
            throw new IllegalArgumentException(
                    "a batch of "
                            + classesPerBatch
                            + " classes x "
                            + perClass
                            + " images needs "
                            + classesPerBatch
                            + " classes; the data has "
                            + byClass.size());
        }
        this.classesPerBatch = classesPerBatch;
        this.perClass = perClass;
        this.members =
                byClass.values().stream()
                        .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                        .toArray(int[][]::new);
    }

    /** Classes with fewer than K images, which repeat some of them within a batch. */
    public int shortClasses() {
        return (int) Arrays.stream(members).filter(m -> m.length < perClass).count();
    }

    /** Images per batch, P x K. */
    public int batchSize() {
        return classesPerBatch * perClass;
    }

    /** The dataset indices of {@code batches} batches of epoch {@code epoch}, batch after batch. */
    public int[] order(long seed, int epoch, int batches) {
        SplittableRandom random = new SplittableRandom(ViewSeeds.key(seed, -2, epoch));
        int[][] queues = new int[members.length][];
        int[] next = new int[members.length];
        int[] classes = new int[members.length];
        Arrays.setAll(classes, c -> c);
        int[] order = new int[batches * batchSize()];
        int at = 0;
        for (int b = 0; b < batches; b++) {
            for (int p = 0; p < classesPerBatch; p++) {
                int pick = p + random.nextInt(classes.length - p); // a partial shuffle
                int c = classes[pick];
                classes[pick] = classes[p];
                classes[p] = c;
                for (int k = 0; k < perClass; k++) {
                    if (queues[c] == null || next[c] == queues[c].length) {
                        int[] shuffled = ViewSeeds.permutation(members[c].length, random);
                        queues[c] = new int[shuffled.length];
                        for (int i = 0; i < shuffled.length; i++) {
                            queues[c][i] = members[c][shuffled[i]];
                        }
                        next[c] = 0;
                    }
                    order[at++] = queues[c][next[c]++];
                }
            }
        }
        return order;
    }
}

package dev.sphereclr.augment.cli;

import picocli.CommandLine.Option;

/**
 * Threads and the seed; add with {@code @Mixin}. Unset options are {@code null}, so that a command
 * (or a recipe, or a stored run) supplies its own default.
 */
public final class ComputeOptions {

    @Option(names = "--threads", description = "PyTorch compute threads (default: all cores).")
    public Integer threads;

    @Option(names = "--workers", description = "Data loader threads.")
    public Integer workers;

    @Option(names = "--seed", description = "Seed of initialization, data order and augmentations.")
    public Long seed;

    /** {@link #threads}, or {@code fallback} when unset. */
    public int threadsOr(int fallback) {
        return threads != null ? threads : fallback;
    }

    /** {@link #workers}, or {@code fallback} when unset. */
    public int workersOr(int fallback) {
        return workers != null ? workers : fallback;
    }

    /** {@link #seed}, or {@code fallback} when unset. */
    public long seedOr(long fallback) {
        return seed != null ? seed : fallback;
    }
}

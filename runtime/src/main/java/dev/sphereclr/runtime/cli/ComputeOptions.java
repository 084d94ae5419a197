package dev.sphereclr.runtime.cli;

import picocli.CommandLine.Option;

/**
 * Threads and the seed; add with {@code @Mixin}. Unset options are {@code null}, so that a command
 * (or a recipe, or a stored run) supplies its own default.
 */
public final class ComputeOptions {

    /** The seed every command uses when none is given, recipes included. */
    public static final long DEFAULT_SEED = 42;

    @Option(names = "--threads", description = "PyTorch compute threads (default: all cores).")
    public Integer threads;

    @Option(
            names = "--workers",
            description = "Data loader threads (default: cores - 1 for pretrain, 1 for eval).")
    public Integer workers;

    @Option(
            names = "--seed",
            description =
                    "Seed of initialization, data order, augmentations and probes (default: 42,"
                            + " in every command and recipe).")
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

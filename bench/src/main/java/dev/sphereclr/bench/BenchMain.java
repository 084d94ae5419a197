package dev.sphereclr.bench;

import dev.sphereclr.augment.cli.Cli;

/**
 * Entry point of the benchmark's child JVMs ({@code bench compare} runs each measurement in one);
 * users start {@code bench} through {@code dev.sphereclr.eval.cli.SphereClr}.
 */
public final class BenchMain {

    private BenchMain() {}

    /** Runs {@link BenchCommand}. */
    public static void main(String[] args) {
        Cli.main(BenchMain.class, new BenchCommand(), args);
    }
}

package dev.sphereclr.bench;

import dev.sphereclr.runtime.cli.Cli;

/**
 * Entry point of the benchmark's child JVMs ({@code bench compare} runs each measurement in one);
 * users start {@code bench} through {@code dev.sphereclr.app.SphereClr}.
 */
public final class BenchMain {

    private BenchMain() {}

    /** Runs {@link BenchCommand}. */
    public static void main(String[] args) {
        Cli.main(BenchMain.class, new BenchCommand(), args);
    }
}

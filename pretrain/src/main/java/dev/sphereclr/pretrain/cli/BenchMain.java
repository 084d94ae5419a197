package dev.sphereclr.pretrain.cli;

import dev.sphereclr.augment.cli.Cli;

/** Entry point of {@code mvn exec:java@bench} in the pretrain module. */
public final class BenchMain {

    private BenchMain() {}

    /** Runs {@link BenchCommand}. */
    public static void main(String[] args) {
        Cli.main(BenchMain.class, new BenchCommand(), args);
    }
}

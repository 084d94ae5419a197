package dev.sphereclr.pretrain.cli;

import dev.sphereclr.augment.cli.Cli;

/** Entry point of {@code mvn exec:java} in the pretrain module. */
public final class PretrainMain {

    private PretrainMain() {}

    /** Runs {@link PretrainCommand}. */
    public static void main(String[] args) {
        Cli.main(PretrainMain.class, new PretrainCommand(), args);
    }
}

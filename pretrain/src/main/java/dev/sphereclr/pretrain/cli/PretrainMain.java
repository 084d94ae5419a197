package dev.sphereclr.pretrain.cli;

import dev.sphereclr.runtime.cli.Cli;

/**
 * Entry point of a child JVM that runs one pretraining (the budget experiment's arms); users start
 * {@code pretrain} through {@code dev.sphereclr.app.SphereClr}.
 */
public final class PretrainMain {

    private PretrainMain() {}

    /** Runs {@link PretrainCommand}. */
    public static void main(String[] args) {
        Cli.main(PretrainMain.class, new PretrainCommand(), args);
    }
}

package dev.sphereclr.eval.cli;

import dev.sphereclr.augment.cli.Cli;

/** Entry point of {@code mvn exec:java@linear-eval}. */
public final class EvalMain {

    private EvalMain() {}

    /** Runs {@link EvalCommand}. */
    public static void main(String[] args) {
        Cli.main(EvalMain.class, new EvalCommand(), args);
    }
}

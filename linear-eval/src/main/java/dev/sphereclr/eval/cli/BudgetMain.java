package dev.sphereclr.eval.cli;

import dev.sphereclr.augment.cli.Cli;

/** Entry point of {@code mvn exec:java@budget}. */
public final class BudgetMain {

    private BudgetMain() {}

    /** Runs {@link BudgetCommand}. */
    public static void main(String[] args) {
        Cli.main(BudgetMain.class, new BudgetCommand(), args);
    }
}

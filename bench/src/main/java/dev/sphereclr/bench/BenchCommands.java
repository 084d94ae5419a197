package dev.sphereclr.bench;

import dev.sphereclr.bench.budget.BudgetCommand;
import dev.sphereclr.bench.budget.SeedsCommand;
import dev.sphereclr.bench.spark.SparkBenchCommand;
import dev.sphereclr.runtime.cli.CommandExtension;
import java.util.List;

/**
 * Adds {@code bench}, {@code budget}, {@code budget-seeds} and {@code bench-spark} to the command
 * line when this module is on the path.
 */
public final class BenchCommands implements CommandExtension {

    @Override
    public List<Object> commands() {
        return List.of(
                new BenchCommand(),
                new BudgetCommand(),
                new SeedsCommand(),
                new SparkBenchCommand());
    }
}

package dev.sphereclr.bench.budget;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.runtime.cli.CommonOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code budget-seeds}: one budget experiment over several seeds, as mean ± sd. */
@Command(
        name = "budget-seeds",
        mixinStandardHelpOptions = true,
        description = {
            "Summarizes budget experiments that differ only in --seed: each arm's mean ± sd of"
                    + " steps, linear and kNN top-1 and final norm variance, and each SEC arm's"
                    + " difference from the method without SEC paired by seed, against the seed"
                    + " spread."
        })
public final class SeedsCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Parameters(arity = "1..*", description = "Folders of budget experiments (--out of each).")
    List<Path> runs;

    @Option(names = "--out", description = "Also write the tables to this markdown file.")
    Path out;

    @Override
    public Integer call() {
        try {
            List<BudgetResults> results = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Path run : runs) {
                Path file = run.resolve("results.json");
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(
                            file + " does not exist: is " + run + " a finished budget experiment?");
                }
                results.add(Json.read(file, BudgetResults.class));
                names.add(run.toString());
            }
            String tables = SeedSummary.markdown(results, names);
            System.out.print(tables);
            if (out != null) {
                Json.writeString(out, tables);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("budget-seeds: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("budget-seeds: " + e.getMessage());
            return 1;
        }
    }
}

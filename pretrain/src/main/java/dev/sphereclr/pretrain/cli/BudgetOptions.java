package dev.sphereclr.pretrain.cli;

import picocli.CommandLine.Option;

/** The options saying how much a run trains. */
final class BudgetOptions {

    @Option(names = "--batch-size", description = "Images per step (two views each).")
    Integer batchSize;

    @Option(
            names = "--chunk-size",
            description =
                    "Run the batch through the model in chunks of this many images and gather"
                            + " their projections for one loss over the whole batch (gradient"
                            + " caching: memory of one chunk, about a quarter more time; batch"
                            + " norm per chunk). 0: the whole batch in one pass.")
    Integer chunkSize;

    @Option(names = "--epochs", description = "Epochs.")
    Integer epochs;

    @Option(
            names = "--max-steps",
            description = "Stop after this many steps (a short run; the schedule fits it).")
    Long maxSteps;

    @Option(
            names = "--minutes",
            description =
                    "Wall-clock budget: train this many minutes, the schedule following elapsed"
                            + " time.")
    Double minutes;

    @Option(
            names = "--budget-warmup",
            description = "With --minutes: the fraction of the budget spent warming up.")
    Double budgetWarmup;
}

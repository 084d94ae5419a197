package dev.sphereclr.pretrain.config;

import java.util.List;
import java.util.function.Predicate;

/** How much the run trains: images a step, and epochs, steps or minutes. */
public final class BudgetSettings extends SettingGroup {

    static final String TITLE = "Budget";

    @Setting(help = "Images per step (two views each).", range = "2..65536")
    public int batchSize = 256;

    /** Images per chunk of the gradient-cached step; 0 takes the batch in one pass. */
    @Setting(
            help =
                    "Run the batch through the model in chunks of this many images and gather"
                            + " their projections for one loss over the whole batch (gradient"
                            + " caching: memory of one chunk, about a quarter more time; batch"
                            + " norm per chunk). 0: the whole batch in one pass.")
    public int chunkSize;

    /**
     * Images of each class in a batch, for class-balanced batches (metric learning's P x K); 0
     * draws batches from a plain permutation.
     */
    @Setting(
            help =
                    "Class-balanced batches: K images of each of batch-size / K classes drawn at"
                            + " random (metric learning; the SEC authors: 3 for triplet, 2 for"
                            + " N-pair, 5 for multi-similarity). 0: random batches.",
            range = "0..1024")
    public int imagesPerClass;

    @Setting(help = "Epochs.", range = "1..100000")
    public int epochs = 100;

    @Setting(
            help = "Stop after this many steps (a short run; the schedule fits it).",
            range = ">= 0 (0: no limit)")
    public long maxSteps;

    @Setting(
            help =
                    "Wall-clock budget: train this many minutes, the schedule following elapsed"
                            + " time.",
            range = "[0, 100000] (0: off)")
    public double minutes;

    @Setting(
            help = "With --minutes: the fraction of the budget spent warming up.",
            range = "[0, 1)")
    public double budgetWarmup = 0.05;

    private static final Predicate<PretrainConfig> CLOCK = c -> c.budget.minutes > 0;

    /** The defaults. */
    public BudgetSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        int k = c.budget.imagesPerClass;
        require(
                errors,
                k == 0 || k >= 2 && c.budget.batchSize % k == 0,
                "--images-per-class",
                k,
                "0, or 2 or more dividing the batch size " + c.budget.batchSize);
        require(
                errors,
                c.budget.chunkSize == 0
                        || (c.budget.chunkSize >= 1
                                && c.budget.chunkSize <= c.budget.batchSize
                                && c.budget.batchSize % c.budget.chunkSize == 0),
                "--chunk-size",
                c.budget.chunkSize,
                "a divisor of the batch size "
                        + c.budget.batchSize
                        + " (0: the whole batch in one pass)");
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert(
                        "epochs",
                        CLOCK.negate(),
                        c -> "a --minutes budget (" + c.budget.minutes + ") ends on time"),
                new Inert(
                        "maxSteps",
                        CLOCK.negate(),
                        c ->
                                "a --minutes budget ("
                                        + c.budget.minutes
                                        + ") ends on time; set --minutes 0 for a steps budget"),
                new Inert(
                        "budgetWarmup",
                        CLOCK,
                        c ->
                                "only a --minutes budget uses it; a run of epochs or steps"
                                        + " warms up over --warmup-epochs"));
    }
}

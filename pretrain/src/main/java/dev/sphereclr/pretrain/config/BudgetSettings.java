package dev.sphereclr.pretrain.config;

import java.util.List;
import java.util.function.Predicate;

/** How much the run trains: images a step, and epochs, steps or minutes. */
final class BudgetSettings extends SettingGroup {

    static final String TITLE = "Budget";

    private static final Predicate<PretrainConfig> CLOCK = c -> c.minutes > 0;

    BudgetSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        require(
                errors,
                c.chunkSize == 0
                        || (c.chunkSize >= 1
                                && c.chunkSize <= c.batchSize
                                && c.batchSize % c.chunkSize == 0),
                "--chunk-size",
                c.chunkSize,
                "a divisor of the batch size " + c.batchSize + " (0: the whole batch in one pass)");
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert(
                        "epochs",
                        CLOCK.negate(),
                        c -> "a --minutes budget (" + c.minutes + ") ends on time"),
                new Inert(
                        "maxSteps",
                        CLOCK.negate(),
                        c ->
                                "a --minutes budget ("
                                        + c.minutes
                                        + ") ends on time; set --minutes 0 for a steps budget"),
                new Inert(
                        "budgetWarmup",
                        CLOCK,
                        c ->
                                "only a --minutes budget uses it; a run of epochs or steps"
                                        + " warms up over --warmup-epochs"));
    }
}

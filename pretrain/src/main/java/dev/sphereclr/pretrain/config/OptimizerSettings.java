package dev.sphereclr.pretrain.config;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.List;

/** The optimizer and its learning-rate schedule. */
final class OptimizerSettings extends SettingGroup {

    static final String TITLE = "Optimizer and schedule";

    OptimizerSettings() {
        super(TITLE);
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert(
                        "trustCoefficient",
                        c -> c.optimizer == Optimizer.Kind.LARS,
                        c -> "only LARS has one (--optimizer = " + Json.id(c.optimizer) + ")"),
                new Inert(
                        "momentum",
                        c -> c.optimizer != Optimizer.Kind.ADAMW,
                        c -> "AdamW has no momentum setting (--optimizer = adamw)"),
                new Inert(
                        "warmupEpochs",
                        c -> !(c.minutes > 0),
                        c ->
                                "a --minutes budget ("
                                        + c.minutes
                                        + ") warms up over --budget-warmup, a fraction of the"
                                        + " time"));
    }
}

package dev.sphereclr.pretrain.config;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.optim.Lars;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.List;

/** The optimizer and its learning-rate schedule. */
public final class OptimizerSettings extends SettingGroup {

    static final String TITLE = "Optimizer and schedule";

    @Setting(name = "optimizer", help = "lars, sgd or adamw.")
    public Optimizer.Kind kind = Optimizer.Kind.LARS;

    @Setting(
            help = "Base learning rate, scaled by --lr-scaling.",
            range = LearningRateSchedule.BASE_RATE)
    public double lr = 1.0;

    @Setting(help = "linear (lr * B / 256), sqrt (lr * sqrt(B)) or none.")
    public LearningRateSchedule.Scaling lrScaling = LearningRateSchedule.Scaling.LINEAR;

    @Setting(
            help = "Linear warm-up epochs before the cosine decay.",
            range = LearningRateSchedule.WARMUP_EPOCHS)
    public double warmupEpochs = 10;

    @Setting(
            help = "The cosine schedule ends at this fraction of the peak rate.",
            range = LearningRateSchedule.FINAL_RATIO)
    public double finalLrRatio;

    @Setting(help = "Weight decay (not on biases and batch norm).", range = Optimizer.WEIGHT_DECAY)
    public double weightDecay = 1e-6;

    @Setting(help = "Optimizer momentum (LARS, SGD).", range = Optimizer.MOMENTUM)
    public double momentum = 0.9;

    @Setting(help = "LARS trust coefficient eta.", range = Lars.TRUST_COEFFICIENT)
    public double trustCoefficient = 0.001;

    /** The defaults. */
    public OptimizerSettings() {
        super(TITLE);
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert(
                        "trustCoefficient",
                        c -> c.optimizer.kind == Optimizer.Kind.LARS,
                        c -> "only LARS has one (--optimizer = " + Json.id(c.optimizer.kind) + ")"),
                new Inert(
                        "momentum",
                        c -> c.optimizer.kind != Optimizer.Kind.ADAMW,
                        c -> "AdamW has no momentum setting (--optimizer = adamw)"),
                new Inert(
                        "warmupEpochs",
                        c -> !(c.budget.minutes > 0),
                        c ->
                                "a --minutes budget ("
                                        + c.budget.minutes
                                        + ") warms up over --budget-warmup, a fraction of the"
                                        + " time"));
    }
}

package dev.sphereclr.pretrain.cli;

import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import picocli.CommandLine.Option;

/** The options of the optimizer and its learning-rate schedule. */
final class OptimizerOptions {

    @Option(names = "--optimizer", description = "lars, sgd or adamw.")
    Optimizer.Kind optimizer;

    @Option(names = "--lr", description = "Base learning rate, scaled by --lr-scaling.")
    Double lr;

    @Option(
            names = "--lr-scaling",
            description = "linear (lr * B / 256), sqrt (lr * sqrt(B)) or none.")
    LearningRateSchedule.Scaling lrScaling;

    @Option(
            names = "--warmup-epochs",
            description = "Linear warm-up epochs before the cosine decay.")
    Double warmupEpochs;

    @Option(
            names = "--final-lr-ratio",
            description = "The cosine schedule ends at this fraction of the peak rate.")
    Double finalLrRatio;

    @Option(names = "--weight-decay", description = "Weight decay (not on biases and batch norm).")
    Double weightDecay;

    @Option(names = "--momentum", description = "Optimizer momentum (LARS, SGD).")
    Double momentum;

    @Option(names = "--trust-coefficient", description = "LARS trust coefficient eta.")
    Double trustCoefficient;
}

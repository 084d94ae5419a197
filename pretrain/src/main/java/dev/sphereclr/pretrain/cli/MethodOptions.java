package dev.sphereclr.pretrain.cli;

import dev.sphereclr.pretrain.config.PretrainConfig;
import picocli.CommandLine.Option;

/** The options of the method: SimCLR's or MoCo v2's own settings. */
final class MethodOptions {

    @Option(names = "--method", description = "simclr or mocov2.")
    PretrainConfig.Method method;

    @Option(names = "--temperature", description = "NT-Xent / InfoNCE temperature.")
    Double temperature;

    @Option(
            names = "--queue-size",
            description = "MoCo: keys in the queue, a multiple of the batch size.")
    Integer queueSize;

    @Option(names = "--key-momentum", description = "MoCo: key encoder momentum.")
    Double keyMomentum;

    @Option(
            names = "--key-momentum-cosine",
            arity = "0..1",
            description = "MoCo: raise the key momentum to 1 on a cosine.")
    Boolean keyMomentumCosine;

    @Option(
            names = {"--symmetric-loss", "--symmetric"},
            arity = "0..1",
            description = "MoCo: symmetric loss (each view as the query).")
    Boolean symmetricLoss;

    @Option(
            names = "--shuffle-groups",
            description = "MoCo: groups of the shuffled batch norm, a divisor of the batch size.")
    Integer shuffleGroups;
}

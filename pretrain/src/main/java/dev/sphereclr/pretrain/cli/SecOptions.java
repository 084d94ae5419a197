package dev.sphereclr.pretrain.cli;

import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import picocli.CommandLine.Option;

/** The options of the spherical embedding constraint. */
final class SecOptions {

    @Option(names = "--sec-weight", description = "SEC weight eta; 0 is plain SimCLR / MoCo.")
    Double secWeight;

    @Option(
            names = "--sec-momentum",
            description = "Weight of the batch in SEC's moving mean; 1: batch mean.")
    Double secMomentum;

    @Option(
            names = "--sec-ramp",
            arity = "0..1",
            description = "Ramp eta linearly from 0 over the run.")
    Boolean secRamp;

    @Option(names = "--sec-target", description = "mean (the SEC) or zero (the L2-norm ablation).")
    SphericalEmbeddingConstraint.Target secTarget;
}

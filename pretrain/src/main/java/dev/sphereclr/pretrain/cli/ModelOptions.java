package dev.sphereclr.pretrain.cli;

import picocli.CommandLine.Option;

/** The options of the encoder and the projection head. */
final class ModelOptions {

    @Option(names = "--arch", description = "resnet18, resnet34 or resnet50.")
    String arch;

    @Option(names = "--stem", description = "auto, cifar or imagenet.")
    String stem;

    @Option(names = "--width", description = "Channel-width multiplier.")
    Double width;

    @Option(
            names = "--init-from",
            description =
                    "Start the encoder from a .safetensors file under torchvision's ResNet names"
                            + " (torchvision, timm, a solo-learn backbone; prefixes module.,"
                            + " backbone., encoder. stripped; fc left out); the head starts"
                            + " fresh.")
    String initFrom;

    @Option(
            names = "--zero-init-residual",
            arity = "0..1",
            description = "Zero the last BN scale of each residual block.")
    Boolean zeroInitResidual;

    @Option(names = "--head-layers", description = "Projection head layers: 2 (SimCLR) or 3 (v2).")
    Integer headLayers;

    @Option(names = "--head-hidden", description = "Projection head hidden size.")
    Integer headHidden;

    @Option(names = "--head-out", description = "Projection size.")
    Integer headOut;

    @Option(
            names = "--head-batch-norm",
            arity = "0..1",
            description =
                    "Batch norm in the head's hidden layers (SimCLR's code: true; solo-learn and"
                            + " the SEC authors' SupContrast head: false).")
    Boolean headBatchNorm;
}

package dev.sphereclr.eval.cli;

import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.TorchScriptEncoder;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.eval.LinearEvaluation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * What encoder {@code eval} measures and what it needs told of a foreign one; add with
 * {@code @Mixin}.
 */
final class EncoderOptions {

    @Option(
            names = "--encoder",
            description =
                    "An exported encoder folder, a .safetensors file of torchvision's ResNet names,"
                            + " a TorchScript .pt file, or random:ARCH-STEM (e.g."
                            + " random:resnet18-cifar) for the floor.")
    String encoder;

    @Option(
            names = "--allow-unchecked",
            description =
                    "Load an encoder folder exported before exports carried checksums"
                            + " (manifest format 1, no checksums.sha256); nothing shows it is"
                            + " undamaged.")
    boolean allowUnchecked;

    @Option(
            names = "--input-size",
            description =
                    "The input size in pixels: an export evaluated at another size than its"
                            + " manifest's (FixRes: larger than the training views can classify"
                            + " better); a .safetensors or .pt --encoder that does not say it"
                            + " (default: 32 for a CIFAR stem, 224 for an ImageNet stem or a"
                            + " TorchScript module); a random: floor of an encoder trained at"
                            + " another size.")
    Integer inputSize;

    @Option(
            names = "--normalization-mean",
            split = ",",
            description =
                    "With a .safetensors or .pt --encoder that does not say it, or a random:"
                            + " floor: the 3 channel means (default: CIFAR-10's for a CIFAR stem,"
                            + " ImageNet's otherwise).")
    float[] normalizationMean;

    @Option(
            names = "--normalization-std",
            split = ",",
            description = "Likewise, the 3 channel standard deviations.")
    float[] normalizationStd;

    @Option(
            names = "--arch",
            description =
                    "With a .safetensors --encoder: the architecture expected (read from the"
                            + " tensors; a file of another is refused).")
    String arch;

    @Option(
            names = "--stem",
            description = "With a .safetensors --encoder: the stem expected (cifar or imagenet).")
    String stem;

    @Option(
            names = "--embedding",
            description =
                    "encoder: the encoder's features, SimCLR's protocol; head: the export's"
                            + " projection head on them, the embedding a metric-learning loss and the"
                            + " SEC act on, the SEC paper's (default: ${DEFAULT-VALUE}).")
    String embedding = "encoder";

    /**
     * Writes the encoder's settings into {@code s}.
     *
     * @throws IllegalArgumentException naming an option that contradicts the encoder, {@code
     *     --features} or the {@code protocol}
     */
    void apply(LinearEvaluation.Settings s, Path features, String protocol)
            throws SettingException {
        s.encoder = encoder;
        s.allowUnchecked = allowUnchecked;
        boolean script = encoder != null && TorchScriptEncoder.handles(Path.of(encoder));
        boolean foreign = script || encoder != null && SafetensorsEncoder.handles(Path.of(encoder));
        if (script && (arch != null || stem != null)) {
            throw new IllegalArgumentException(
                    "--arch and --stem describe a .safetensors --encoder; a TorchScript module"
                            + " is run as it was traced");
        }
        if (script && protocol.equalsIgnoreCase("standard")) {
            throw new IllegalArgumentException(
                    "--protocol standard trains through the encoder; a TorchScript --encoder"
                            + " is evaluated with the fast protocol");
        }
        boolean random = encoder != null && encoder.startsWith("random:");
        if (random && (arch != null || stem != null)) {
            throw new IllegalArgumentException(
                    "--arch and --stem describe a .safetensors --encoder; random:ARCH-STEM names"
                            + " them itself");
        }
        if (!foreign
                && !random
                && (normalizationMean != null
                        || normalizationStd != null
                        || arch != null
                        || stem != null)) {
            throw new IllegalArgumentException(
                    "--normalization-mean, --normalization-std, --arch and --stem describe a"
                            + " .safetensors --encoder; an export's manifest says them itself");
        }
        if (inputSize != null && (inputSize < 8 || inputSize > 1024)) {
            throw new IllegalArgumentException(
                    "--input-size = " + inputSize + " is outside its legal range: 8..1024");
        }
        for (float[] statistics : new float[][] {normalizationMean, normalizationStd}) {
            if (statistics != null && statistics.length != 3) {
                throw new IllegalArgumentException(
                        "--normalization-mean and --normalization-std take 3 values each");
            }
        }
        s.headEmbedding = head(features, foreign, protocol);
        s.foreign = new SafetensorsEncoder.Options(inputSize, normalizationMean, normalizationStd);
        s.expectedArchitecture = arch;
        s.expectedStem = stem;
        if (encoder != null && encoder.startsWith("random:")) {
            RandomEncoder.manifest(encoder); // an unknown architecture is refused now
        }
    }

    /** Whether {@code --embedding} asks for the projection head, which only an export holds. */
    private boolean head(Path features, boolean foreign, String protocol) {
        return switch (embedding) {
            case "encoder" -> false;
            case "head" -> {
                if (features != null || foreign || encoder.startsWith("random:")) {
                    throw new IllegalArgumentException(
                            "--embedding head needs an exported encoder folder, which holds the"
                                    + " projection head");
                }
                if (protocol.equalsIgnoreCase("standard")) {
                    throw new IllegalArgumentException(
                            "--protocol standard trains through the encoder alone; --embedding"
                                    + " head is measured with the fast protocol or retrieval");
                }
                yield true;
            }
            default ->
                    throw new IllegalArgumentException(
                            "--embedding = " + embedding + " is not one of: encoder, head");
        };
    }
}

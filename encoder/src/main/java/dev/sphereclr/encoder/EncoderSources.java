package dev.sphereclr.encoder;

import dev.sphereclr.encoder.nn.TensorLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an encoder path names, and how each is opened: a SphereCLR export folder (checked by {@link
 * EncoderFolder}), a {@code .safetensors} file of torchvision's names ({@link SafetensorsEncoder}),
 * or a TorchScript module ({@link TorchScriptEncoder}); a pickle is refused.
 */
final class EncoderSources {

    private EncoderSources() {}

    /**
     * Opens {@code path}; an export folder at {@code inputSize} pixels when not null, its
     * manifest's size otherwise.
     */
    static FrozenEncoder open(
            Path path, TensorLayout layout, boolean allowUnchecked, Integer inputSize)
            throws IOException {
        if (inputSize != null && inputSize < 8) {
            throw new IllegalArgumentException("input size " + inputSize + " is under 8 pixels");
        }
        if (SafetensorsEncoder.handles(path)) {
            return SafetensorsEncoder.load(path, SafetensorsEncoder.Options.NONE);
        }
        if (TorchScriptEncoder.handles(path)) {
            return TorchScriptEncoder.load(path, SafetensorsEncoder.Options.NONE);
        }
        SafetensorsEncoder.refusePickle(path);
        EncoderFolder loaded = EncoderFolder.load(path, allowUnchecked);
        EncoderManifest m = loaded.manifest();
        if (inputSize != null) {
            m.inputSize = inputSize;
        }
        Path parameters = path.resolve(m.parametersFile);
        // Changes when the encoder does, for caches keyed by it.
        String identity =
                path.toAbsolutePath()
                        + "@"
                        + Files.size(parameters)
                        + "@"
                        + Files.getLastModifiedTime(parameters).toMillis();
        return new FrozenEncoder(
                m, loaded.resnet(), loaded.model(), identity, EncoderFolder.id(path, m), layout);
    }
}

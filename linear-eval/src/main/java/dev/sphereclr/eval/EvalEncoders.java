package dev.sphereclr.eval;

import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.TorchScriptEncoder;
import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.file.Path;

/** What an evaluation's {@code --encoder} opens, and the checks a foreign file gets. */
final class EvalEncoders {

    private EvalEncoders() {}

    /**
     * Opens the encoder {@code s.encoder} names: an export folder, a {@code .safetensors} file of
     * torchvision's names, a TorchScript {@code .pt} file, or {@code random:...}.
     */
    static FrozenEncoder open(LinearEvaluation.Settings s) throws IOException {
        String spec = s.encoder;
        if (TorchScriptEncoder.handles(Path.of(spec))) {
            return FrozenEncoder.load(Path.of(spec), s.foreign);
        }
        if (SafetensorsEncoder.handles(Path.of(spec))) {
            FrozenEncoder encoder = FrozenEncoder.load(Path.of(spec), s.foreign);
            String arch = encoder.manifest().architecture;
            String stem = encoder.manifest().stem;
            if (s.expectedArchitecture != null && !s.expectedArchitecture.equalsIgnoreCase(arch)
                    || s.expectedStem != null && !s.expectedStem.equalsIgnoreCase(stem)) {
                encoder.close();
                throw new SettingException(
                        "--encoder "
                                + spec
                                + " holds a "
                                + arch
                                + " with a "
                                + stem
                                + " stem, not what --arch and --stem say");
            }
            return encoder;
        }
        if (spec.startsWith("random:")) {
            return RandomEncoder.of(spec, s.seed, s.foreign);
        }
        return FrozenEncoder.load(Path.of(spec), s.foreign.inputSize(), s.allowUnchecked);
    }
}

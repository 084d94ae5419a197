package dev.sphereclr.pretrain.config;

import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.settings.LegalRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The encoder and the projection head. */
final class ModelSettings extends SettingGroup {

    static final String TITLE = "Model";

    ModelSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        require(
                errors,
                c.arch.toLowerCase(Locale.ROOT).matches("resnet(18|34|50)"),
                "--arch",
                c.arch,
                "resnet18, resnet34 or resnet50");
        require(
                errors,
                List.of("auto", "cifar", "imagenet").contains(c.stem),
                "--stem",
                c.stem,
                "auto, cifar or imagenet");
        if (c.initFrom != null) {
            Path file = Path.of(c.initFrom);
            try {
                SafetensorsEncoder.refusePickle(file);
                require(
                        errors,
                        SafetensorsEncoder.handles(file),
                        "--init-from",
                        c.initFrom,
                        "a .safetensors file (torchvision's ResNet names)");
            } catch (SettingException e) {
                errors.add(e.getMessage().replaceFirst("^--encoder", "--init-from"));
            }
        }
        if (LegalRange.of(ResNet.WIDTH).contains(c.width) && "cpu".equals(c.device)) {
            for (int channels : ResNet.stageChannels(c.width)) {
                if (channels % 16 != 0) {
                    errors.add(
                            "--width = "
                                    + c.width
                                    + " gives convolutions of "
                                    + channels
                                    + " channels. On the CPU the engine (libtorch 2.5.1, oneDNN"
                                    + " 3.5.3) computes wrong convolution gradients for channel"
                                    + " counts that are not multiples of 16 on some processors"
                                    + " (measured on an AVX-512 AMD EPYC): use a multiple of 0.25"
                                    + " (0.25, 0.5, 0.75, 1, ...)");
                    break;
                }
            }
        }
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert("headHidden", c -> c.headLayers > 1, c -> NO_HIDDEN_LAYER),
                new Inert("headBatchNorm", c -> c.headLayers > 1, c -> NO_HIDDEN_LAYER));
    }

    private static final String NO_HIDDEN_LAYER = "--head-layers 1 has no hidden layer";
}

package dev.sphereclr.pretrain.config;

import dev.sphereclr.encoder.SafetensorsEncoder;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.settings.LegalRange;
import dev.sphereclr.pretrain.nn.ProjectionHead;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The encoder and the projection head. */
public final class ModelSettings extends SettingGroup {

    static final String TITLE = "Model";

    @Setting(help = "resnet18, resnet34 or resnet50.")
    public String arch = "resnet18";

    @Setting(help = "auto, cifar or imagenet.")
    public String stem = "auto";

    @Setting(help = "Channel-width multiplier.", range = ResNet.WIDTH)
    public double width = 1.0;

    /**
     * A safetensors file of encoder weights under torchvision's names to start from (continued
     * pretraining), or null for a random initialization; the head starts fresh either way.
     */
    @Setting(
            operational = true,
            help =
                    "Start the encoder from a .safetensors file under torchvision's ResNet names"
                            + " (torchvision, timm, a solo-learn backbone; prefixes module.,"
                            + " backbone., encoder. stripped; fc left out); the head starts"
                            + " fresh.")
    public String initFrom;

    @Setting(help = "Zero the last BN scale of each residual block.")
    public boolean zeroInitResidual;

    @Setting(help = "Projection head layers: 2 (SimCLR) or 3 (v2).", range = ProjectionHead.LAYERS)
    public int headLayers = 2;

    @Setting(help = "Projection head hidden size.", range = ProjectionHead.SIZE)
    public int headHidden = 2048;

    @Setting(help = "Projection size.", range = ProjectionHead.SIZE)
    public int headOut = 128;

    @Setting(
            help =
                    "Batch norm in the head's hidden layers (SimCLR's code: true; solo-learn and"
                            + " the SEC authors' SupContrast head: false).")
    public boolean headBatchNorm = true;

    /** The defaults. */
    public ModelSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        require(
                errors,
                c.model.arch.toLowerCase(Locale.ROOT).matches("resnet(18|34|50)"),
                "--arch",
                c.model.arch,
                "resnet18, resnet34 or resnet50");
        require(
                errors,
                List.of("auto", "cifar", "imagenet").contains(c.model.stem),
                "--stem",
                c.model.stem,
                "auto, cifar or imagenet");
        if (c.model.initFrom != null) {
            Path file = Path.of(c.model.initFrom);
            try {
                SafetensorsEncoder.refusePickle(file);
                require(
                        errors,
                        SafetensorsEncoder.handles(file),
                        "--init-from",
                        c.model.initFrom,
                        "a .safetensors file (torchvision's ResNet names)");
            } catch (SettingException e) {
                errors.add(e.getMessage().replaceFirst("^--encoder", "--init-from"));
            }
        }
        if (LegalRange.of(ResNet.WIDTH).contains(c.model.width) && "cpu".equals(c.run.device)) {
            for (int channels : ResNet.stageChannels(c.model.width)) {
                if (channels % 16 != 0) {
                    errors.add(
                            "--width = "
                                    + c.model.width
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
                new Inert("headHidden", c -> c.model.headLayers > 1, c -> NO_HIDDEN_LAYER),
                new Inert("headBatchNorm", c -> c.model.headLayers > 1, c -> NO_HIDDEN_LAYER));
    }

    private static final String NO_HIDDEN_LAYER = "--head-layers 1 has no hidden layer";
}

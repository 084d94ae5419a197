package dev.sphereclr.encoder;

import ai.djl.Model;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.TorchvisionNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ResNet encoder trained elsewhere, in a safetensors file under torchvision's state-dict names
 * (torchvision's and timm's ResNets, a solo-learn or lightly backbone saved as safetensors, or a
 * SphereCLR export's {@code encoder.safetensors}). The file shows the architecture (a {@code conv3}
 * in the units: ResNet-50; the units of {@code layer3}: 2 for ResNet-18, 6 for ResNet-34), the stem
 * (a 3x3 or 7x7 {@code conv1}) and the width ({@code conv1}'s channels / 64); the input size and
 * normalization come from the file's metadata when SphereCLR wrote it, else from the stem: 32 px
 * and CIFAR-10's statistics for the CIFAR stem, 224 px and ImageNet's for the ImageNet stem. A
 * pickle ({@code .pth}, {@code .ckpt}) is refused: loading one runs its code.
 */
public final class SafetensorsEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(SafetensorsEncoder.class);

    /** What a user gives for a file that does not say it (null: from the file or the default). */
    public record Options(Integer inputSize, float[] mean, float[] std) {
        /** Everything from the file and the defaults. */
        public static final Options NONE = new Options(null, null, null);
    }

    private SafetensorsEncoder() {}

    /** Whether {@code path} names a file this class reads. */
    public static boolean handles(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(".safetensors");
    }

    /**
     * Refuses a pickled PyTorch checkpoint with the line of Python that converts it.
     *
     * @throws SettingException for {@code .pth}, {@code .ckpt} and {@code .bin} files
     */
    public static void refusePickle(Path path) throws SettingException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.matches(".*\\.(pth|ckpt|bin|pkl)")) {
            throw new SettingException(
                    "--encoder "
                            + path
                            + ": a pickled PyTorch file, whose loading runs code it holds; it is"
                            + " not read. Convert it once: python3 -c \"import torch; from"
                            + " safetensors.torch import save_file; sd = torch.load('"
                            + name
                            + "', map_location='cpu'); sd = sd.get('state_dict', sd);"
                            + " save_file({k: v.contiguous() for k, v in sd.items()},"
                            + " 'encoder.safetensors')\"");
        }
    }

    static FrozenEncoder load(Path file, Options options) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SettingException("--encoder " + file + ": no such file");
        }
        SafeTensors.Contents contents = SafeTensors.read(file);
        EncoderManifest m = manifest(file, contents, options);
        ResNet resnet = EncoderFolder.architecture(m);
        Model model = Model.newInstance(EncoderManifest.MODEL_NAME);
        try {
            resnet.initialize(model, m.inputSize);
            List<String> leftOut = TorchvisionNames.load(resnet, contents.tensors(), file);
            if (!leftOut.isEmpty()) {
                LOG.info("{}: {} left out (a classifier, not the encoder)", file, leftOut);
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        String digest = Checksums.sha256(List.of(file));
        String id = EncoderFolder.idOf(m, digest);
        String identity = file.toAbsolutePath() + "@" + Files.size(file) + "@" + digest;
        return new FrozenEncoder(m, resnet, model, identity, id, null);
    }

    /** The manifest the file's tensors and metadata, and the options, describe. */
    static EncoderManifest manifest(Path file, SafeTensors.Contents c, Options o)
            throws IOException {
        Map<String, SafeTensors.Tensor> t = c.tensors();
        Map<String, String> meta = c.metadata();
        SafeTensors.Tensor conv1 = tensor(t, "conv1.weight");
        if (conv1 == null || conv1.shape().length != 4) {
            throw new IOException(
                    file
                            + ": no conv1.weight of 4 dimensions: not a ResNet under torchvision's names");
        }
        EncoderManifest m = new EncoderManifest();
        m.stem = conv1.shape()[2] == 7 ? "imagenet" : "cifar";
        m.architecture =
                tensor(t, "layer1.0.conv3.weight") != null
                        ? "resnet50"
                        : tensor(t, "layer3.2.conv1.weight") != null ? "resnet34" : "resnet18";
        m.width = conv1.shape()[0] / 64.0;
        boolean cifar = m.stem.equals("cifar");
        m.inputSize =
                o.inputSize() != null
                        ? o.inputSize()
                        : meta.containsKey("input_size")
                                ? Integer.parseInt(meta.get("input_size"))
                                : cifar ? 32 : 224;
        m.normalizationMean =
                statistics(
                        o.mean(),
                        meta.get("normalization_mean"),
                        cifar ? EvalPreprocessing.CIFAR_MEAN : EvalPreprocessing.IMAGENET_MEAN);
        m.normalizationStd =
                statistics(
                        o.std(),
                        meta.get("normalization_std"),
                        cifar ? EvalPreprocessing.CIFAR_STD : EvalPreprocessing.IMAGENET_STD);
        m.featureSize = EncoderFolder.architecture(m).featureSize();
        m.parametersFile = file.getFileName().toString();
        m.provenance.put("source", file.toAbsolutePath().toString());
        m.provenance.put("format", "safetensors, torchvision's names");
        LOG.info(
                "{}: a {} ({} stem, width {}), input {} px, normalization {} / {}",
                file,
                m.architecture,
                m.stem,
                String.format(Locale.ROOT, "%.4g", m.width),
                m.inputSize,
                java.util.Arrays.toString(m.normalizationMean),
                java.util.Arrays.toString(m.normalizationStd));
        return m;
    }

    /** The tensor {@code name} under any of the wrapping prefixes, or null. */
    private static SafeTensors.Tensor tensor(Map<String, SafeTensors.Tensor> t, String name) {
        for (Map.Entry<String, SafeTensors.Tensor> e : t.entrySet()) {
            if (TorchvisionNames.stripped(e.getKey()).equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The given statistics, else the file's metadata ({@code "[a, b, c]"}), else the default. */
    private static float[] statistics(float[] given, String fromFile, float[] fallback) {
        if (given != null) {
            return given;
        }
        return fromFile != null ? floats(fromFile) : fallback.clone();
    }

    private static float[] floats(String list) {
        String[] parts = list.replaceAll("[\\[\\] ]", "").split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }
}

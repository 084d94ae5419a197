package dev.sphereclr.encoder;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.encoder.nn.Inference;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any TorchScript module ({@code torch.jit.trace} or {@code torch.jit.script}, saved with {@code
 * torch.jit.save}: a timm ViT, a torchvision model, a solo-learn backbone) as a frozen encoder, run
 * by DJL's PyTorch engine: an image batch {@code N x 3 x S x S} in, its output flattened to {@code
 * N x D} the features. The input size and normalization are the caller's (default 224 px and
 * ImageNet's statistics); the feature size is found by one forward pass.
 */
public final class TorchScriptEncoder implements Inference {

    private final Block block;
    private final NDManager manager;

    private TorchScriptEncoder(Block block, NDManager manager) {
        this.block = block;
        this.manager = manager;
    }

    /** Whether {@code path} names a TorchScript file ({@code .pt}, {@code .torchscript}). */
    public static boolean handles(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.endsWith(".pt") || name.endsWith(".torchscript");
    }

    static FrozenEncoder load(Path file, SafetensorsEncoder.Options o) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SettingException("--encoder " + file + ": no such file");
        }
        Model model = Model.newInstance("torchscript");
        try {
            model.load(file);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(
                    file
                            + ": not a TorchScript module DJL's PyTorch engine loads ("
                            + e.getMessage()
                            + ")",
                    e);
        }
        TorchScriptEncoder inference =
                new TorchScriptEncoder(model.getBlock(), model.getNDManager());
        EncoderManifest m = new EncoderManifest();
        m.architecture = "torchscript";
        m.stem = "none";
        m.inputSize = o.inputSize() != null ? o.inputSize() : 224;
        m.normalizationMean = o.mean() != null ? o.mean() : EvalPreprocessing.IMAGENET_MEAN.clone();
        m.normalizationStd = o.std() != null ? o.std() : EvalPreprocessing.IMAGENET_STD.clone();
        try (NDManager probe = model.getNDManager().newSubManager()) {
            NDArray out = inference.forward(probe.zeros(new Shape(1, 3, m.inputSize, m.inputSize)));
            m.featureSize = (int) out.getShape().get(1);
        } catch (RuntimeException e) {
            model.close();
            throw new IOException(
                    file
                            + ": the module does not take a 1 x 3 x "
                            + m.inputSize
                            + " x "
                            + m.inputSize
                            + " batch ("
                            + e.getMessage()
                            + "); --input-size sets the size",
                    e);
        }
        m.parametersFile = file.getFileName().toString();
        m.provenance.put("source", file.toAbsolutePath().toString());
        m.provenance.put("format", "TorchScript");
        String digest = Checksums.sha256(List.of(file)).substring(0, 16);
        return new FrozenEncoder(
                m,
                null,
                model,
                inference,
                file.toAbsolutePath() + "@" + digest,
                "torchscript/" + digest,
                TensorLayout.CHANNELS_FIRST);
    }

    @Override
    public NDArray forward(NDArray batch) {
        NDList out = block.forward(new ParameterStore(manager, false), new NDList(batch), false);
        NDArray features = out.get(0);
        return features.reshape(features.getShape().get(0), -1);
    }

    @Override
    public TensorLayout.Choice fastestLayout(int batch, int side) {
        return new TensorLayout.Choice(TensorLayout.CHANNELS_FIRST, java.util.Map.of());
    }

    @Override
    public void close() {
        // the model owns the module and closes it
    }
}

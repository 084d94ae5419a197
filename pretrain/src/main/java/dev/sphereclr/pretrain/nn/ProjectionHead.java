package dev.sphereclr.pretrain.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.nn.ReleasingSequentialBlock;
import dev.sphereclr.encoder.nn.ResidualBlock;
import dev.sphereclr.encoder.nn.TorchvisionNames;
import dev.sphereclr.encoder.settings.LegalRange;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLP that maps the representation h to the projection z on which the contrastive loss works
 * (SimCLR, arXiv:2002.05709, section 2.1). SimCLR v1 uses 2 layers (Linear, BN, ReLU, Linear), v2
 * (arXiv:2006.10029) 3 layers; defaults hidden 2048, output 128. SupContrast's head, which the SEC
 * authors' SimCLR uses, has no batch norm (Linear, ReLU, Linear): a batch-normed head evens the
 * norms of z out by itself, part of what SEC does.
 */
public final class ProjectionHead {

    /** Legal numbers of linear layers. */
    public static final String LAYERS = "1..4";

    /** Legal widths of the hidden and output layers. */
    public static final String SIZE = "1..65536";

    private ProjectionHead() {}

    /** The name of the head in its state dict, as solo-learn's and lightly's modules call it. */
    public static final String PREFIX = "projector";

    /**
     * The head's tensors under the names PyTorch gives the same {@code nn.Sequential} (Linear,
     * BatchNorm1d, ReLU, ...): {@code projector.0.weight}, {@code projector.1.running_mean}, {@code
     * projector.3.bias}, ...; the index counts the ReLUs too, as PyTorch's does.
     */
    public static LinkedHashMap<String, SafeTensors.Tensor> tensors(Block head) {
        LinkedHashMap<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : parameters(head).entrySet()) {
            NDArray a = p.getValue().getArray();
            out.put(p.getKey(), SafeTensors.Tensor.of(a.getShape().getShape(), a.toFloatArray()));
            if (p.getKey().endsWith(".running_var")) { // PyTorch's BatchNorm1d counts its batches
                String layer =
                        p.getKey().substring(0, p.getKey().length() - "running_var".length());
                out.put(
                        layer + "num_batches_tracked",
                        new SafeTensors.Tensor(new long[0], new float[] {0}, true));
            }
        }
        return out;
    }

    /** The head's parameters by their PyTorch names, in PyTorch's order. */
    private static LinkedHashMap<String, Parameter> parameters(Block head) {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        List<Block> layers = head.getChildren().values();
        for (int i = 0; i < layers.size(); i++) {
            Block layer = layers.get(i);
            if (layer instanceof Linear || layer instanceof BatchNorm) {
                for (Map.Entry<String, String> p :
                        (layer instanceof Linear ? LINEAR : NORM).entrySet()) {
                    Parameter parameter = layer.getParameters().get(p.getValue());
                    if (parameter != null) {
                        out.put(PREFIX + "." + i + "." + p.getKey(), parameter);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The head whose {@link #tensors} {@code file} holds, built, initialized in {@code manager} and
     * set to them: the layers, widths and batch norm read off the names and shapes, then every
     * tensor checked against the head so built before any is set.
     *
     * @throws IOException naming {@code file} and the first tensor missing, unexpected or of
     *     another shape
     */
    public static SequentialBlock load(
            Map<String, SafeTensors.Tensor> tensors, NDManager manager, Path file)
            throws IOException {
        List<long[]> weights =
                tensors.entrySet().stream()
                        .filter(
                                e ->
                                        e.getKey().endsWith(".weight")
                                                && e.getValue().shape().length == 2)
                        .map(e -> e.getValue().shape())
                        .toList();
        if (weights.isEmpty()) {
            throw new IOException(file + " holds no linear layer of a projection head");
        }
        boolean batchNorm = tensors.keySet().stream().anyMatch(k -> k.endsWith(".running_mean"));
        long out = weights.get(weights.size() - 1)[0];
        SequentialBlock head = build(weights.size(), (int) weights.get(0)[0], (int) out, batchNorm);
        head.initialize(manager, DataType.FLOAT32, new Shape(2, weights.get(0)[1]));
        Map<String, SafeTensors.Tensor> expected = tensors(head);
        for (String key : expected.keySet()) {
            SafeTensors.Tensor given = tensors.get(key);
            if (given == null || !Arrays.equals(given.shape(), expected.get(key).shape())) {
                throw new IOException(
                        file
                                + " is not a projection head as SphereCLR writes it: "
                                + key
                                + (given == null
                                        ? " is missing"
                                        : " has shape " + Arrays.toString(given.shape()))
                                + "; expected "
                                + expected.keySet());
            }
        }
        if (!expected.keySet().equals(tensors.keySet())) {
            throw new IOException(
                    file
                            + " holds tensors a projection head has not: expected "
                            + expected.keySet());
        }
        for (Map.Entry<String, Parameter> p : parameters(head).entrySet()) {
            TorchvisionNames.assign(p.getValue(), tensors.get(p.getKey()).values());
        }
        return head;
    }

    /** PyTorch's parameter names by DJL's, in PyTorch's order. */
    private static final Map<String, String> LINEAR =
            orderedMap("weight", "weight", "bias", "bias");

    private static final Map<String, String> NORM =
            orderedMap(
                    "weight", "gamma",
                    "bias", "beta",
                    "running_mean", "runningMean",
                    "running_var", "runningVar");

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A head with batch norm: {@link #build(int, int, int, boolean)} with {@code true}. */
    public static SequentialBlock build(int layers, int hidden, int out) {
        return build(layers, hidden, out, true);
    }

    /**
     * Builds a head of {@code layers} linear layers; every layer but the last is followed by batch
     * norm (if {@code batchNorm}; the linear layer then has no bias) and ReLU.
     *
     * @param layers 2 (SimCLR v1) or 3 (v2); 1 gives a single linear map
     * @param hidden width of the hidden layers
     * @param out size of z
     * @param batchNorm whether hidden layers are batch-normed
     */
    public static SequentialBlock build(int layers, int hidden, int out, boolean batchNorm) {
        LegalRange.of(LAYERS).check("head layers", layers);
        LegalRange.of(SIZE).check("head hidden size", hidden);
        LegalRange.of(SIZE).check("head output size", out);
        SequentialBlock head = new ReleasingSequentialBlock();
        for (int i = 0; i < layers - 1; i++) {
            if (batchNorm) {
                head.add(Linear.builder().setUnits(hidden).optBias(false).build())
                        .add(BatchNorm.builder().optMomentum(ResidualBlock.BN_MOMENTUM).build());
            } else {
                head.add(Linear.builder().setUnits(hidden).build());
            }
            head.add(Activation::relu);
        }
        head.add(Linear.builder().setUnits(out).build());
        return head;
    }
}

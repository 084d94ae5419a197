package dev.sphereclr.encoder.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import dev.sphereclr.encoder.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@link ResNet}'s parameters under torchvision's state-dict names, the names every PyTorch
 * ResNet checkpoint uses (torchvision, timm's ResNets, solo-learn's and lightly's backbones):
 * {@code conv1.weight}, {@code bn1.{weight,bias,running_mean,running_var,num_batches_tracked}},
 * {@code layer{1-4}.{i}.conv{1-3}.weight} and {@code .bn{1-3}.*}, {@code
 * layer{2-4}.0.downsample.0.weight} and {@code .downsample.1.*}. The module tree is torchvision's
 * with {@code fc} left out (solo-learn sets it to {@code Identity}); the CIFAR stem is its {@code
 * conv1 = Conv2d(3, 64, 3, 1, 1, bias=False)} with {@code maxpool = Identity()}.
 */
public final class TorchvisionNames {

    /** DJL's batch-norm parameters, by the name torchvision gives each. */
    private static final Map<String, String> NORM =
            Map.of(
                    "weight", "gamma",
                    "bias", "beta",
                    "running_mean", "runningMean",
                    "running_var", "runningVar");

    /** PyTorch's batch-norm counter: kept as int64, not a parameter here (it is 0 on export). */
    static final String COUNTER = "num_batches_tracked";

    /** Key prefixes of wrapped models, stripped on import: DataParallel's and solo-learn's. */
    public static final List<String> PREFIXES = List.of("module.", "backbone.", "encoder.");

    private TorchvisionNames() {}

    /** Each torchvision name with the parameter that holds it (null for the counters). */
    static LinkedHashMap<String, Parameter> of(ResNet resnet) {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        add(out, "conv1", "bn1", resnet.stemPair());
        int[] counts = resnet.stageCounts();
        int unit = 0;
        for (int stage = 0; stage < counts.length; stage++) {
            for (int i = 0; i < counts[stage]; i++) {
                ResidualBlock block = resnet.residualBlocks().get(unit++);
                String prefix = "layer" + (stage + 1) + "." + i + ".";
                List<ConvNorm> pairs = block.residualPairs();
                for (int k = 0; k < pairs.size(); k++) {
                    add(out, prefix + "conv" + (k + 1), prefix + "bn" + (k + 1), pairs.get(k));
                }
                if (block.shortcutPair() != null) {
                    add(
                            out,
                            prefix + "downsample.0",
                            prefix + "downsample.1",
                            block.shortcutPair());
                }
            }
        }
        return out;
    }

    private static void add(Map<String, Parameter> out, String conv, String bn, ConvNorm pair) {
        out.put(conv + ".weight", pair.conv().getParameters().get("weight"));
        PairList<String, Parameter> norm = pair.norm().getParameters();
        for (Map.Entry<String, String> e :
                List.of(
                        Map.entry("weight", NORM.get("weight")),
                        Map.entry("bias", NORM.get("bias")),
                        Map.entry("running_mean", NORM.get("running_mean")),
                        Map.entry("running_var", NORM.get("running_var")))) {
            out.put(bn + "." + e.getKey(), norm.get(e.getValue()));
        }
        out.put(bn + "." + COUNTER, null);
    }

    /**
     * The shape of each tensor of the initialized {@code resnet}'s state dict, by torchvision's
     * name in torchvision's order ({} for the counters).
     */
    public static LinkedHashMap<String, long[]> shapes(ResNet resnet) {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : of(resnet).entrySet()) {
            out.put(
                    e.getKey(),
                    e.getValue() == null
                            ? new long[0]
                            : e.getValue().getArray().getShape().getShape());
        }
        return out;
    }

    /**
     * The tensors of {@code trained}, a block of {@code layout}'s architecture (its parameters in
     * the same order), under torchvision's names in torchvision's order.
     */
    public static LinkedHashMap<String, SafeTensors.Tensor> tensors(ResNet layout, Block trained) {
        Map<Parameter, Integer> index = new IdentityHashMap<>();
        for (Parameter p : layout.block().getParameters().values()) {
            index.put(p, index.size());
        }
        PairList<String, Parameter> values = trained.getParameters();
        LinkedHashMap<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : of(layout).entrySet()) {
            if (e.getValue() == null) {
                out.put(e.getKey(), new SafeTensors.Tensor(new long[0], new float[] {0}, true));
            } else {
                NDArray a = values.valueAt(index.get(e.getValue())).getArray();
                out.put(
                        e.getKey(),
                        SafeTensors.Tensor.of(a.getShape().getShape(), a.toFloatArray()));
            }
        }
        return out;
    }

    /**
     * Sets the initialized {@code resnet}'s parameters from {@code tensors} (torchvision's names,
     * the {@link #PREFIXES} stripped, torchvision's classifier {@code fc.*} left out), all checked
     * first: nothing is set unless every parameter has its tensor, of its shape, and no tensor is
     * left over.
     *
     * @return the keys left out ({@code fc.*})
     * @throws IOException naming {@code file}, the missing and unexpected keys, or the first tensor
     *     whose shape differs
     */
    public static List<String> load(
            ResNet resnet, Map<String, SafeTensors.Tensor> tensors, Path file) throws IOException {
        Map<String, SafeTensors.Tensor> named = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        for (Map.Entry<String, SafeTensors.Tensor> e : tensors.entrySet()) {
            String key = stripped(e.getKey());
            if (key.startsWith("fc.")) {
                leftOut.add(e.getKey());
            } else {
                named.put(key, e.getValue());
            }
        }
        Map<String, Parameter> wanted = of(resnet);
        TreeSet<String> missing = new TreeSet<>(wanted.keySet());
        missing.removeAll(named.keySet());
        TreeSet<String> unexpected = new TreeSet<>(named.keySet());
        unexpected.removeAll(wanted.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IOException(
                    file
                            + " does not hold a "
                            + resnet.name()
                            + " ("
                            + resnet.stem().name().toLowerCase(java.util.Locale.ROOT)
                            + " stem, width "
                            + resnet.width()
                            + ") under torchvision's names: missing "
                            + first(missing)
                            + "; unexpected "
                            + first(unexpected));
        }
        for (Map.Entry<String, Parameter> e : wanted.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            long[] expected = e.getValue().getArray().getShape().getShape();
            long[] given = named.get(e.getKey()).shape();
            if (!Arrays.equals(expected, given)) {
                throw new IOException(
                        file
                                + ": "
                                + e.getKey()
                                + " has shape "
                                + Arrays.toString(given)
                                + ", a "
                                + resnet.name()
                                + " at width "
                                + resnet.width()
                                + " expects "
                                + Arrays.toString(expected));
            }
        }
        for (Map.Entry<String, Parameter> e : wanted.entrySet()) {
            if (e.getValue() != null) {
                assign(e.getValue(), named.get(e.getKey()).values());
            }
        }
        return leftOut;
    }

    /**
     * Sets an initialized {@code parameter} to {@code values} (its shape, row-major): a new tensor
     * interned, not set in place (libtorch warns of a deprecated mode on set), and a native copy,
     * since a tensor made from a Java array points into Java memory a collection may free.
     * Interning drops the gradient flag: put back.
     */
    public static void assign(Parameter parameter, float[] values) {
        NDArray array = parameter.getArray();
        try (NDArray javaBacked = array.getManager().create(values, array.getShape())) {
            array.intern(javaBacked.duplicate());
        }
        array.setRequiresGradient(parameter.requiresGradient());
    }

    /** {@code key} without the {@link #PREFIXES} of wrapped models, however nested. */
    public static String stripped(String key) {
        for (String prefix : PREFIXES) {
            if (key.startsWith(prefix)) {
                return stripped(key.substring(prefix.length()));
            }
        }
        return key;
    }

    /** The first few of {@code keys}, and how many there are. */
    private static String first(TreeSet<String> keys) {
        if (keys.isEmpty()) {
            return "none";
        }
        List<String> some = keys.stream().limit(5).toList();
        return keys.size()
                + " ("
                + String.join(", ", some)
                + (keys.size() > 5 ? ", ..." : "")
                + ")";
    }
}

package dev.sphereclr.encoder;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.util.Locale;

/**
 * The floor of every evaluation: the encoder's network randomly initialized (He-style Gaussian
 * weights), named {@code random:ARCH-STEM[@WIDTH]}.
 */
public final class RandomEncoder {

    private RandomEncoder() {}

    /**
     * A randomly initialized encoder, the floor every report shows: {@code random:resnet18-cifar},
     * {@code random:resnet50-imagenet}, optionally {@code @width} ({@code
     * random:resnet18-cifar@0.5}).
     */
    public static FrozenEncoder of(String spec, long seed) {
        return of(spec, seed, SafetensorsEncoder.Options.NONE);
    }

    /**
     * The floor {@code spec} names, evaluated at {@code input}'s size and normalization where it
     * gives them, as the trained encoder it is the floor of (an ImageNet stem on 64 px views, say).
     */
    public static FrozenEncoder of(String spec, long seed, SafetensorsEncoder.Options input) {
        EncoderManifest m = manifest(spec);
        if (input.inputSize() != null) {
            m.inputSize = input.inputSize();
        }
        if (input.mean() != null) {
            m.normalizationMean = input.mean().clone();
        }
        if (input.std() != null) {
            m.normalizationStd = input.std().clone();
        }
        ResNet resnet = EncoderFolder.architecture(m);
        m.provenance.put("seed", seed);
        Engine.getInstance().setRandomSeed((int) seed);
        Model model = Model.newInstance("random");
        resnet.block()
                .setInitializer(
                        new XavierInitializer(
                                XavierInitializer.RandomType.GAUSSIAN,
                                XavierInitializer.FactorType.OUT,
                                2),
                        Parameter.Type.WEIGHT);
        resnet.initialize(model, m.inputSize);
        return new FrozenEncoder(
                m,
                resnet,
                model,
                spec + "@seed" + seed + "@width" + m.width,
                spec + "@seed" + seed,
                TensorLayout.CHANNELS_FIRST);
    }

    /**
     * The manifest of the floor {@code spec} names ({@code random:ARCH-STEM[@WIDTH]}), without
     * building it: for refusing a bad {@code --encoder} before any work.
     *
     * @throws IllegalArgumentException naming {@code --encoder} and what is wrong
     */
    public static EncoderManifest manifest(String spec) {
        String body = spec.startsWith("random:") ? spec.substring("random:".length()) : spec;
        String[] widthSplit = body.split("@");
        String[] parts = widthSplit[0].split("-");
        if (parts.length != 2 || !parts[1].matches("cifar|imagenet")) {
            throw new IllegalArgumentException(
                    "--encoder "
                            + spec
                            + ": expected random:ARCH-STEM such as random:resnet18-cifar");
        }
        EncoderManifest m = new EncoderManifest();
        m.architecture = parts[0].toLowerCase(Locale.ROOT);
        m.stem = parts[1];
        boolean cifar = m.stem.equals("cifar");
        m.inputSize = cifar ? 32 : 224;
        m.normalizationMean =
                cifar
                        ? EvalPreprocessing.CIFAR_MEAN.clone()
                        : EvalPreprocessing.IMAGENET_MEAN.clone();
        m.normalizationStd =
                cifar
                        ? EvalPreprocessing.CIFAR_STD.clone()
                        : EvalPreprocessing.IMAGENET_STD.clone();
        try {
            m.width = widthSplit.length > 1 ? Double.parseDouble(widthSplit[1]) : 1.0;
            m.featureSize = EncoderFolder.architecture(m).featureSize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--encoder " + spec + ": " + e.getMessage(), e);
        }
        m.provenance.put("method", "random initialization");
        return m;
    }
}

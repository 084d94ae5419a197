package dev.sphereclr.pretrain.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.runtime.Precision;

/**
 * The shape of an encoder and its projection head: what the run, the layout probe and MoCo's key
 * model all build from, so that they cannot disagree.
 *
 * @param arch {@code resnet18} or {@code resnet50}
 * @param stem the first layers (CIFAR's 3x3 or ImageNet's 7x7 and pool)
 * @param width channel multiplier
 * @param zeroInitResidual whether each block's last batch norm starts at zero
 * @param headLayers linear layers of the head
 * @param headHidden width of its hidden layers
 * @param headOut size of the projection
 * @param headBatchNorm whether the head's hidden layers are batch-normed
 * @param imageSize side of the input views
 */
public record ModelSpec(
        String arch,
        Stem stem,
        double width,
        boolean zeroInitResidual,
        int headLayers,
        int headHidden,
        int headOut,
        boolean headBatchNorm,
        int imageSize) {

    /**
     * The model, initialized in {@code manager}: weights He-normal (Xavier, gaussian, fan-out,
     * magnitude 2) as torchvision's ResNet.
     */
    public SslModel build(NDManager manager) {
        return build(manager, DataType.FLOAT32);
    }

    /** {@link #build(NDManager)} with parameters of {@code type} (FLOAT64 for exactness checks). */
    public SslModel build(NDManager manager, DataType type) {
        ResNet resnet =
                ResNet.builder()
                        .setArchitecture(arch)
                        .optStem(stem)
                        .optWidth(width)
                        .optZeroInitResidual(zeroInitResidual)
                        .build();
        SslModel model =
                new SslModel(
                        resnet,
                        ProjectionHead.build(headLayers, headHidden, headOut, headBatchNorm));
        model.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        model.initialize(manager, Precision.check(type), new Shape(2, 3, imageSize, imageSize));
        return model;
    }
}

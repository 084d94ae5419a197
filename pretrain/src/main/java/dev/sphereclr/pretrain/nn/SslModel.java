package dev.sphereclr.pretrain.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sphereclr.encoder.nn.ResNet;

/**
 * Encoder plus projection head: maps images {@code N x 3 x H x W} to {@code (h, z)}, the
 * representation ({@code N x featureSize}) and the projection ({@code N x out}).
 */
public final class SslModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ResNet resnet;
    private final Block encoder;
    private final Block head;

    /** Combines {@code resnet} with {@code head}. */
    public SslModel(ResNet resnet, Block head) {
        super(VERSION);
        this.resnet = resnet;
        this.encoder = addChildBlock("encoder", resnet.block());
        this.head = addChildBlock("head", head);
    }

    /** The encoder's architecture. */
    public ResNet resnet() {
        return resnet;
    }

    /** The encoder block alone (what is exported). */
    public Block encoder() {
        return encoder;
    }

    /** The head block. */
    public Block head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList h = encoder.forward(store, inputs, training, params);
        NDList z = head.forward(store, h, training, params);
        return new NDList(h.singletonOrThrow(), z.singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] h = encoder.getOutputShapes(inputShapes);
        Shape[] z = head.getOutputShapes(h);
        return new Shape[] {h[0], z[0]};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, encoder.getOutputShapes(inputShapes));
        resnet.afterInitialize();
    }
}

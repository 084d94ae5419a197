package dev.sphereclr.encoder.nn;

import ai.djl.ndarray.NDArray;

/**
 * What runs a batch through a frozen encoder: SphereCLR's ResNet with its batch norms folded
 * ({@link FoldedEncoder}), or a module trained and traced elsewhere.
 */
public interface Inference extends AutoCloseable {

    /** The features of {@code batch} ({@code N x 3 x S x S}): {@code N x D}. */
    NDArray forward(NDArray batch);

    /** The memory order in which batches of {@code images} at {@code side} pixels run fastest. */
    TensorLayout.Choice fastestLayout(int images, int side);

    @Override
    void close();
}

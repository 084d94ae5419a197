package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for differentiable expressions, in memory the engine owns.
 *
 * <p>DJL's PyTorch engine makes an array from Java data ({@code x.div(0.5)}, {@code
 * manager.create(long[])}) without copying: the tensor points into a Java direct buffer that lives
 * only as long as the Java array object. Autograd keeps the tensor for the backward pass (a
 * divisor, a {@code maximum} operand, a {@code gather} index), but the step's forward scope closes
 * the Java object before backward, and the buffer's memory is freed at the next garbage collection:
 * backward then reads whatever lies there. That made gradients non-finite everywhere, now and then,
 * with a finite loss. Arrays made here are copied into engine memory at once.
 */
public final class GraphConstants {

    private GraphConstants() {}

    /** The zero-dimensional array {@code value} of {@code like}'s type, in engine memory. */
    public static NDArray scalar(NDArray like, double value) {
        NDManager manager = like.getManager();
        DataType type = like.getDataType();
        NDArray one = manager.ones(new Shape(), type);
        return one.muli(value); // consumes the Java-backed operand at once, in place
    }

    /** {@code values} as an int64 array of {@code shape}, copied into engine memory. */
    public static NDArray indices(NDManager manager, long[] values, Shape shape) {
        try (NDArray javaBacked = manager.create(values, shape)) {
            return javaBacked.duplicate();
        }
    }

    /** {@code values} as an array of {@code like}'s type and {@code shape}, in engine memory. */
    public static NDArray values(NDArray like, float[] values, Shape shape) {
        try (NDArray javaBacked = like.getManager().create(values, shape)) {
            return javaBacked.toType(like.getDataType(), true);
        }
    }
}

package dev.sphereclr.encoder.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * A convolution without bias followed by batch norm, with the geometry the convolution was built
 * with (DJL's blocks do not expose it), so that inference can fold the two into one convolution.
 *
 * @param conv the convolution
 * @param norm the batch norm after it
 * @param kernel kernel side
 * @param stride stride
 */
public record ConvNorm(Conv2d conv, BatchNorm norm, int kernel, int stride) {

    static ConvNorm of(int filters, int kernel, int stride) {
        return new ConvNorm(
                ResidualBlock.conv(filters, kernel, stride), ResidualBlock.norm(), kernel, stride);
    }

    /** Padding that keeps the spatial size at stride 1. */
    public int padding() {
        return kernel / 2;
    }

    /**
     * The folded convolution's weight and bias: with \( s = \gamma / \sqrt{\sigma^2 + \epsilon} \),
     * \( W' = s W \) (per output channel) and \( b' = \beta - s \mu \), from the running
     * statistics.
     *
     * @return {weight, bias} owned by {@code manager}
     */
    public NDArray[] fold(NDManager manager) {
        var p = norm.getParameters();
        NDArray gamma = p.get("gamma").getArray();
        NDArray beta = p.get("beta").getArray();
        NDArray mean = p.get("runningMean").getArray();
        NDArray var = p.get("runningVar").getArray();
        NDArray weight = conv.getParameters().get("weight").getArray();
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(gamma, beta, mean, var, weight);
            NDArray scale = gamma.div(var.add(ResidualBlock.BN_EPSILON).sqrt());
            long out = weight.getShape().get(0);
            NDArray folded = weight.mul(scale.reshape(new Shape(out, 1, 1, 1)));
            NDArray bias = beta.sub(mean.mul(scale));
            folded.attach(manager);
            bias.attach(manager);
            return new NDArray[] {folded, bias};
        }
    }
}

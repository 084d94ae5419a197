package dev.sphereclr.eval.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/**
 * Softmax regression \( p(y \mid x) = \mathrm{softmax}(x W + b) \) trained by SGD with momentum on
 * the cross-entropy plus \( \frac{\lambda}{2} \lVert W \rVert^2 \). Its only trainable tensors are
 * W ({@code D x C}) and b ({@code C}).
 */
public final class LinearClassifier implements AutoCloseable {

    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final NDArray weightVelocity;
    private final NDArray biasVelocity;
    private final double momentum;

    /**
     * @param parent manager for the weights
     * @param dimension input size D
     * @param classes output size C
     * @param momentum SGD momentum
     */
    public LinearClassifier(NDManager parent, int dimension, int classes, double momentum) {
        this.manager = parent.newSubManager();
        this.weight = manager.zeros(new Shape(dimension, classes), DataType.FLOAT32);
        this.bias = manager.zeros(new Shape(classes), DataType.FLOAT32);
        this.weightVelocity = manager.zeros(new Shape(dimension, classes), DataType.FLOAT32);
        this.biasVelocity = manager.zeros(new Shape(classes), DataType.FLOAT32);
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        this.momentum = momentum;
    }

    /** W. */
    public NDArray weight() {
        return weight;
    }

    /** b. */
    public NDArray bias() {
        return bias;
    }

    /**
     * One SGD step on a batch.
     *
     * @param x {@code N x D} features (no gradient needed)
     * @param labels N labels
     * @return the batch's mean cross-entropy
     */
    public double step(NDArray x, int[] labels, double lr, double weightDecay) {
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(weight, bias, weightVelocity, biasVelocity);
            NDArray target =
                    scope.create(labels).toType(DataType.INT64, false).reshape(labels.length, 1);
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = x.matMul(weight).add(bias);
                NDArray ce = logits.logSoftmax(1).gather(target, 1).mean().neg();
                loss = ce.getFloat();
                collector.backward(ce);
            }
            NDArray gw = weight.getGradient();
            NDArray gb = bias.getGradient();
            NDArray stepW = gw.add(weight.mul(weightDecay));
            weightVelocity.muli(momentum).addi(stepW);
            biasVelocity.muli(momentum).addi(gb);
            weight.subi(weightVelocity.mul(lr));
            bias.subi(biasVelocity.mul(lr));
            gw.subi(gw);
            gb.subi(gb);
            return loss;
        }
    }

    /** Class scores {@code N x C} of {@code x}, in the manager of {@code x}. */
    public NDArray scores(NDArray x) {
        return x.matMul(weight).add(bias);
    }

    @Override
    public void close() {
        manager.close();
    }
}

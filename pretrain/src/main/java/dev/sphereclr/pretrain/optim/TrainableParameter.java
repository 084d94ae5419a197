package dev.sphereclr.pretrain.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A parameter the optimizer updates, with whether it is excluded from weight decay and LARS
 * adaptation: biases and batch-norm scales and shifts (every 1-D parameter), as SimCLR does.
 *
 * @param name the parameter's path in the block tree
 * @param parameter the DJL parameter
 * @param excluded whether weight decay and trust scaling skip it
 */
public record TrainableParameter(String name, Parameter parameter, boolean excluded) {

    /** The current value. */
    public NDArray array() {
        return parameter.getArray();
    }

    /** The trainable parameters of an initialized block, in a stable order. */
    public static List<TrainableParameter> of(Block block) {
        List<TrainableParameter> out = new ArrayList<>();
        block.getParameters()
                .forEach(
                        pair -> {
                            Parameter p = pair.getValue();
                            if (p.requiresGradient()) {
                                boolean excluded = p.getArray().getShape().dimension() <= 1;
                                out.add(new TrainableParameter(pair.getKey(), p, excluded));
                            }
                        });
        return out;
    }
}

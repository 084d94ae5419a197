package dev.sphereclr.encoder;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Checks that loaded parameters have the shapes the architecture expects. DJL's parameter loading
 * takes each array's shape from the file, so without this a file of another width loads into any
 * block and computes something.
 */
public final class ParameterShapes {

    private ParameterShapes() {}

    /**
     * Compares every parameter of {@code loaded} with {@code reference}, a fresh block of the same
     * architecture, initialized here for {@code inputShape}.
     *
     * @throws IOException naming {@code file}, the first parameter whose shape differs and both
     *     shapes
     */
    public static void check(Block loaded, Block reference, Shape inputShape, Path file)
            throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            reference.initialize(manager, DataType.FLOAT32, inputShape);
            PairList<String, Parameter> want = reference.getParameters();
            PairList<String, Parameter> got = loaded.getParameters();
            if (want.size() != got.size()) {
                throw new IOException(
                        file
                                + ": holds "
                                + got.size()
                                + " parameters, the manifest's architecture has "
                                + want.size());
            }
            for (int i = 0; i < want.size(); i++) {
                Pair<String, Parameter> w = want.get(i);
                Shape expected = w.getValue().getArray().getShape();
                Parameter g = got.get(i).getValue();
                Shape actual = g.isInitialized() ? g.getArray().getShape() : null;
                if (!expected.equals(actual)) {
                    throw new IOException(
                            file
                                    + ": parameter "
                                    + w.getKey()
                                    + " has shape "
                                    + actual
                                    + ", the manifest's architecture expects "
                                    + expected
                                    + " (parameters of another architecture or width?)");
                }
            }
        }
    }
}

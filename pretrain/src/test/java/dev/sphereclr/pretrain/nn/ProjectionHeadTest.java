package dev.sphereclr.pretrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A head read back from its tensors computes what the head that wrote them computes. */
class ProjectionHeadTest {

    private static final Path FILE = Path.of("head.safetensors");

    /** The head's output in inference mode (batch norm on its running statistics). */
    private static float[] project(SequentialBlock head, NDManager m, NDArray x) {
        return head.forward(new ParameterStore(m, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void aHeadReadBackProjectsAsTheOneThatWroteIt() throws IOException {
        for (boolean batchNorm : new boolean[] {true, false}) {
            for (int layers = 1; layers <= 3; layers++) {
                try (NDManager m = NDManager.newBaseManager()) {
                    SequentialBlock head = ProjectionHead.build(layers, 24, 8, batchNorm);
                    head.initialize(m, DataType.FLOAT32, new Shape(4, 16));
                    NDArray x = m.randomNormal(new Shape(6, 16));
                    // Training passes move the running statistics off their initial values.
                    ParameterStore store = new ParameterStore(m, false);
                    for (int i = 0; i < 3; i++) {
                        head.forward(store, new NDList(x.mul(i + 2).add(1)), true);
                    }
                    Map<String, SafeTensors.Tensor> written = ProjectionHead.tensors(head);
                    SequentialBlock read = ProjectionHead.load(written, m, FILE);
                    assertEquals(written.keySet(), ProjectionHead.tensors(read).keySet());
                    assertArrayEquals(
                            project(head, m, x),
                            project(read, m, x),
                            1e-6f,
                            layers + " layers, batch norm " + batchNorm);
                }
            }
        }
    }

    @Test
    void tensorsOfAnotherShapeOrNameAreRefusedNamingTheFile() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock head = ProjectionHead.build(2, 24, 8);
            head.initialize(m, DataType.FLOAT32, new Shape(4, 16));
            LinkedHashMap<String, SafeTensors.Tensor> tensors = ProjectionHead.tensors(head);

            LinkedHashMap<String, SafeTensors.Tensor> noMean = new LinkedHashMap<>(tensors);
            noMean.remove("projector.1.running_var");
            IOException missing =
                    assertThrows(IOException.class, () -> ProjectionHead.load(noMean, m, FILE));
            assertTrue(
                    missing.getMessage()
                            .startsWith(
                                    "head.safetensors is not a projection head as SphereCLR"
                                            + " writes it: projector.1.running_var is missing"),
                    missing.getMessage());

            LinkedHashMap<String, SafeTensors.Tensor> extra = new LinkedHashMap<>(tensors);
            extra.put("fc.weight", SafeTensors.Tensor.of(new long[] {1}, new float[] {0}));
            IOException unexpected =
                    assertThrows(IOException.class, () -> ProjectionHead.load(extra, m, FILE));
            assertTrue(
                    unexpected.getMessage().startsWith("head.safetensors holds tensors"),
                    unexpected.getMessage());

            IOException empty =
                    assertThrows(
                            IOException.class,
                            () -> ProjectionHead.load(new LinkedHashMap<>(), m, FILE));
            assertEquals(
                    "head.safetensors holds no linear layer of a projection head",
                    empty.getMessage());
        }
    }
}

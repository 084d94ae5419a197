package dev.sphereclr.eval.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.pretrain.export.EncoderExport;
import dev.sphereclr.pretrain.knn.FeatureSet;
import dev.sphereclr.pretrain.nn.ProjectionHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The projection head of an export, {@code z = g(h)}, applied to the encoder's features {@code h}:
 * the embedding a metric-learning loss and the SEC act on, which the SEC paper's retrieval measures
 * (SimCLR's protocol measures {@code h}). Batch norm in the head uses its running statistics, as
 * PyTorch's {@code eval()} mode does.
 */
public final class HeadProjection implements AutoCloseable {

    /** Rows per forward pass. */
    private static final int BATCH = 1024;

    private final NDManager manager;
    private final SequentialBlock head;

    private HeadProjection(NDManager manager, SequentialBlock head) {
        this.manager = manager;
        this.head = head;
    }

    /**
     * Reads the head beside the encoder in the export folder {@code export}.
     *
     * @throws IOException naming the folder when it holds no head (an export of an older SphereCLR,
     *     or a file that is not an export), or naming the head file when it is damaged
     */
    public static HeadProjection open(Path export) throws IOException {
        Path file = export.resolve(EncoderExport.HEAD_FILE);
        if (!Files.isDirectory(export) || !Files.isRegularFile(file)) {
            throw new SettingException(
                    "--embedding head reads the projection head an export folder holds ("
                            + EncoderExport.HEAD_FILE
                            + "); "
                            + export
                            + " has none");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            SequentialBlock head =
                    ProjectionHead.load(SafeTensors.read(file).tensors(), manager, file);
            return new HeadProjection(manager, head);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@code features} through the head, row by row in batches; the labels kept. */
    public FeatureSet apply(FeatureSet features) {
        int n = features.count();
        int in = features.dimension();
        float[] out = null;
        int dimension = 0;
        ParameterStore store = new ParameterStore(manager, false);
        for (int start = 0; start < n; start += BATCH) {
            int rows = Math.min(BATCH, n - start);
            float[] batch = new float[rows * in];
            System.arraycopy(features.features(), start * in, batch, 0, batch.length);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.create(batch, new Shape(rows, in));
                float[] z =
                        head.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
                if (out == null) {
                    dimension = z.length / rows;
                    out = new float[n * dimension];
                }
                System.arraycopy(z, 0, out, start * dimension, z.length);
            }
        }
        return new FeatureSet(
                out == null ? new float[0] : out,
                features.labels(),
                Math.max(dimension, 1),
                features.classes());
    }

    @Override
    public void close() {
        manager.close();
    }
}

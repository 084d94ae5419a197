package dev.sphereclr.eval.features;

import java.io.IOException;
import java.util.List;

/**
 * Embeddings computed elsewhere, one row per image, read for {@code eval --features}: the Parquet
 * that {@code embed} writes on Spark. An implementation is found with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services} entry; {@code sphereclr-spark} has one), so
 * that linear-eval does not depend on what reads the format.
 */
public interface EmbeddingTable {

    /**
     * One image's row.
     *
     * @param path where the image was read
     * @param label its class folder, or null when the layout gives none
     * @param embedding its embedding, or null when it could not be read
     * @param encoder the id of the encoder that embedded it
     * @param error why it could not be read, or null
     */
    record Row(String path, String label, float[] embedding, String encoder, String error) {}

    /**
     * The rows stored at {@code location}.
     *
     * @throws IOException naming {@code location} when it holds no such table
     */
    List<Row> read(String location) throws IOException;
}

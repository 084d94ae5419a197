package dev.sphereclr.spark;

import dev.sphereclr.eval.features.EmbeddingTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Reads the Parquet {@link EmbedJob} writes, for {@code eval --features}, with Spark locally. */
public final class ParquetEmbeddingTable implements EmbeddingTable {

    @Override
    public List<EmbeddingTable.Row> read(String location) throws IOException {
        if (!SparkJvm.missing().isEmpty()) {
            throw new IOException(
                    "reading "
                            + location
                            + " needs Spark, and this JVM lacks the module openings it needs on"
                            + " Java 17: "
                            + String.join(" ", SparkJvm.OPTIONS));
        }
        SparkSession spark =
                SparkSession.builder()
                        .appName("sphereclr features")
                        .master("local[*]")
                        .getOrCreate();
        List<org.apache.spark.sql.Row> rows;
        try {
            rows =
                    spark.read()
                            .parquet(location)
                            .select("path", "label", "embedding", "encoder", "error")
                            .collectAsList();
        } catch (RuntimeException e) {
            throw new IOException(
                    location + ": not a table embed wrote (" + e.getMessage() + ")", e);
        }
        List<EmbeddingTable.Row> out = new ArrayList<>(rows.size());
        for (org.apache.spark.sql.Row r : rows) {
            out.add(
                    new EmbeddingTable.Row(
                            r.getString(0),
                            r.isNullAt(1) ? null : r.getString(1),
                            r.isNullAt(2) ? null : floats(r.getList(2)),
                            r.getString(3),
                            r.isNullAt(4) ? null : r.getString(4)));
        }
        return out;
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

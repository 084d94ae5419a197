package dev.sphereclr.spark;

import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.eval.features.EmbeddingTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
                            + SparkJvm.COMMAND_LINE);
        }
        SparkSession spark =
                SparkSession.builder()
                        .appName("sphereclr features")
                        .master("local[*]")
                        .getOrCreate();
        checkFinished(spark, location);
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
        JobRecord record = JobRecord.read(fileSystem(spark, location), new Path(location));
        if (record != null && record.rows() != rows.size()) {
            throw new IOException(
                    location
                            + " has "
                            + rows.size()
                            + " rows, the embed job that wrote it recorded "
                            + record.rows()
                            + " ("
                            + JobRecord.FILE
                            + "): a part file is missing or was added; run embed again");
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

    private static FileSystem fileSystem(SparkSession spark, String location) throws IOException {
        return new Path(location).getFileSystem(spark.sparkContext().hadoopConfiguration());
    }

    /** Refuses a folder that is not there, or that a job which did not finish left behind. */
    private static void checkFinished(SparkSession spark, String location) throws IOException {
        FileSystem fs = fileSystem(spark, location);
        Path table = new Path(location);
        if (!fs.exists(table)) {
            throw new SettingException(location + ": no such folder (embed writes it)");
        }
        if (!fs.exists(new Path(table, "_SUCCESS"))) {
            throw new IOException(
                    location
                            + " holds no _SUCCESS: the embed job that wrote it did not finish (it"
                            + " failed or was killed), so rows may be missing; run embed again");
        }
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

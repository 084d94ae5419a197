package dev.sphereclr.spark;

import dev.sphereclr.encoder.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _embed.json} beside the Parquet files: what the job wrote, so that a reader can tell a
 * whole table from one that lost or gained a part file after {@code _SUCCESS} was written. Spark's
 * readers pass over files whose names start with {@code _}.
 *
 * @param rows rows written, one per listed image
 * @param failed of them, rows with an error and no embedding
 * @param encoder the encoder's id
 */
record JobRecord(long rows, long failed, String encoder) {

    static final String FILE = "_embed.json";

    void write(FileSystem fs, Path out) throws IOException {
        try (OutputStream o = fs.create(new Path(out, FILE), true)) {
            o.write(Json.GSON.toJson(this).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The record in {@code table}, or null for a table written before jobs recorded one. */
    static JobRecord read(FileSystem fs, Path table) throws IOException {
        Path file = new Path(table, FILE);
        if (!fs.exists(file)) {
            return null;
        }
        try (InputStream in = fs.open(file)) {
            return Json.GSON.fromJson(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), JobRecord.class);
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }
}

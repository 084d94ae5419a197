package dev.sphereclr.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every listed file ends as a row. Spark's file sources make no row for an empty file (a split of
 * length 0 has nothing to read), so a zero-byte {@code .jpg} would vanish from the table while the
 * listing counted it. After the write, the files without a row are found and, as any unreadable
 * image, either stop the job naming the first ({@link BadImageException}) or, with {@code
 * --skip-bad-images}, are appended as rows with their error.
 */
final class RowAccount {

    private static final Logger LOG = LoggerFactory.getLogger(RowAccount.class);

    private RowAccount() {}

    static void settle(
            SparkSession spark, EmbedJob.Settings s, FileSystem fs, String[] listed, String encoder)
            throws IOException {
        if (spark.read().parquet(s.out()).count() == listed.length) {
            return;
        }
        // The listing writes file:///a, the rows file:/a: compared as Hadoop paths.
        Set<Path> written = new HashSet<>();
        for (String p :
                spark.read()
                        .parquet(s.out())
                        .select("path")
                        .as(Encoders.STRING())
                        .collectAsList()) {
            written.add(fs.makeQualified(new Path(p)));
        }
        List<Row> missing = new ArrayList<>();
        String root = fs.makeQualified(new Path(s.data())).toString();
        for (String file : Arrays.stream(listed).sorted().toList()) {
            Path qualified = fs.makeQualified(new Path(file));
            if (written.contains(qualified)) {
                continue;
            }
            String path = qualified.toString();
            String why =
                    path
                            + (fs.getFileStatus(qualified).getLen() == 0
                                    ? ": empty file (0 bytes)"
                                    : ": listed, but Spark read no row for it");
            if (!s.skipBadImages()) {
                throw new BadImageException(path, new IOException(why));
            }
            missing.add(RowFactory.create(path, EmbedJob.label(root, path), null, encoder, why));
        }
        LOG.info("{} files without a row written as rows with their error", missing.size());
        spark.createDataFrame(missing, EmbedJob.SCHEMA)
                .coalesce(1)
                .write()
                .mode(SaveMode.Append)
                .parquet(s.out());
    }
}

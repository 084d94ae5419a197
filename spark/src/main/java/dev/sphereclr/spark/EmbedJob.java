package dev.sphereclr.spark;

import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings of every image under a path on Spark: Spark's {@code binaryFile} source lists and
 * reads the {@code .jpg}, {@code .jpeg} and {@code .png} files (local folders, HDFS and object
 * stores alike), each executor embeds its partitions with one encoder loaded once ({@link
 * ExecutorEncoders}), and the rows go to Parquet ({@link #SCHEMA}).
 */
public final class EmbedJob {

    private static final Logger LOG = LoggerFactory.getLogger(EmbedJob.class);

    /**
     * One row per image: where it was read, its class folder when the layout has one ({@code
     * <class>/<file>} under the data path), its embedding, the encoder's id ({@link
     * FrozenEncoder#id()}), and for an image that could not be read its error and no embedding.
     */
    public static final StructType SCHEMA =
            new StructType()
                    .add("path", DataTypes.StringType, false)
                    .add("label", DataTypes.StringType, true)
                    .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                    .add("encoder", DataTypes.StringType, false)
                    .add("error", DataTypes.StringType, true);

    /** The least images a task embeds, unless the user sets the partitions. */
    static final int IMAGES_PER_TASK = 2048;

    /** The file names the job takes as images. */
    static final String IMAGE_FILES = "*.{jpg,jpeg,png,JPG,JPEG,PNG}";

    /**
     * What to embed and where to write it.
     *
     * @param encoder the encoder folder (any path Hadoop's file systems read)
     * @param data the images, searched recursively
     * @param out the Parquet folder to create; an existing one is refused
     * @param skipBadImages write unreadable images as rows with an error instead of stopping
     * @param batchSize images per forward pass
     * @param partitions how many tasks share the images, or 0 for {@link #tasks}
     * @param quietSparkLogs raise Spark's per-file log lines to WARN in the executors too
     */
    public record Settings(
            String encoder,
            String data,
            String out,
            boolean skipBadImages,
            int batchSize,
            int partitions,
            boolean quietSparkLogs) {

        /** Settings with Spark's per-file log lines quieted. */
        public Settings(
                String encoder,
                String data,
                String out,
                boolean skipBadImages,
                int batchSize,
                int partitions) {
            this(encoder, data, out, skipBadImages, batchSize, partitions, true);
        }
    }

    /**
     * What the job did.
     *
     * @param images images listed, each a row
     * @param failed of them, images that could not be read (with {@code skipBadImages})
     * @param encoder the encoder's id
     * @param seconds wall time from the listing to the written output
     */
    public record Result(long images, long failed, String encoder, double seconds) {}

    private EmbedJob() {}

    /**
     * Runs the job on {@code spark}.
     *
     * @throws SettingException naming the setting: no encoder there, no images, an output that
     *     exists
     * @throws IOException when the job fails, naming the image at fault
     */
    public static Result run(SparkSession spark, Settings s) throws IOException {
        long t0 = System.nanoTime();
        if (s.encoder().startsWith("random:")) {
            throw new SettingException(
                    "--encoder "
                            + s.encoder()
                            + ": embed takes an exported encoder folder; the random floor is"
                            + " eval's (eval --encoder "
                            + s.encoder()
                            + ")");
        }
        Path data = new Path(s.data());
        FileSystem fs = data.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(data)) {
            throw new SettingException("--data " + s.data() + ": no such folder");
        }
        Path out = new Path(s.out());
        OutputFolder.claim(out.getFileSystem(spark.sparkContext().hadoopConfiguration()), out);
        // The failed job's other tasks are interrupted, so they stop writing into --out.
        spark.sparkContext().setLocalProperty("spark.job.interruptOnCancel", "true");
        try {
            return embed(spark, s, fs, data, t0);
        } catch (Exception e) { // SparkException too, which Scala throws undeclared
            // A failed job leaves no --out behind: a rerun starts clean.
            OutputFolder.removeUnfinished(
                    spark, out.getFileSystem(spark.sparkContext().hadoopConfiguration()), out);
            throw e;
        } finally {
            spark.sparkContext().setLocalProperty("spark.job.interruptOnCancel", null);
        }
    }

    private static Result embed(SparkSession spark, Settings s, FileSystem fs, Path data, long t0)
            throws IOException {
        Dataset<Row> images =
                spark.read()
                        .format("binaryFile")
                        .option("recursiveFileLookup", "true")
                        .option("pathGlobFilter", IMAGE_FILES)
                        .load(s.data())
                        .select("path", "content");
        // The listing's files: counting the rows would read every image once more.
        String[] listed = images.inputFiles();
        long count = listed.length;
        if (count == 0) {
            throw new SettingException(
                    "--data " + s.data() + ": no .jpg, .jpeg or .png images under it");
        }
        LOG.info("{} images under {}, listed in {} s", count, s.data(), since(t0));
        long e0 = System.nanoTime();
        EncoderFiles files = EncoderFiles.distribute(spark, s.encoder());
        int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        // Loaded here first: a damaged encoder is refused before any task starts, and in local
        // mode the driver is the executor, so this is its one load.
        String encoderId = ExecutorEncoders.get(files, taskCpus).id();
        LOG.info("encoder {} shipped and loaded in {} s", encoderId, since(e0));
        long j0 = System.nanoTime();

        int tasks = s.partitions() > 0 ? s.partitions() : tasks(count, spark);
        images =
                tasks <= images.rdd().getNumPartitions()
                        ? images.coalesce(tasks)
                        : images.repartition(tasks);
        String root = fs.makeQualified(data).toString();
        images.mapPartitions(
                        new EmbedPartition(
                                files,
                                root,
                                s.batchSize(),
                                s.skipBadImages(),
                                taskCpus,
                                s.quietSparkLogs()),
                        Encoders.row(SCHEMA))
                .write()
                .mode(SaveMode.ErrorIfExists)
                .parquet(s.out());
        LOG.info("{} tasks embedded and wrote {} images in {} s", tasks, count, since(j0));
        RowAccount.settle(spark, s, fs, listed, encoderId);
        Dataset<Row> written = spark.read().parquet(s.out());
        long rows = written.count(); // from the Parquet footers, no data read
        long failed = written.where(functions.col("error").isNotNull()).count();
        if (rows != count) {
            throw new IOException(
                    "--out "
                            + s.out()
                            + ": the job wrote "
                            + rows
                            + " rows for "
                            + count
                            + " listed images; every image must end as a row");
        }
        new JobRecord(rows, failed, encoderId).write(fs, new Path(s.out()));
        return new Result(count, failed, encoderId, (System.nanoTime() - t0) / 1e9);
    }

    private static String since(long t0) {
        return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Tasks for {@code images}: a multiple of the task slots (no slot idles through a last round),
     * each of about {@link #IMAGES_PER_TASK} or more. Spark's own split of small files makes a task
     * of 32 images; each task writes a Parquet file, and on a local file system Hadoop forks {@code
     * chmod} for each: 12% of the job's time in a measurement here (docs/spark.md).
     */
    static int tasks(long images, SparkSession spark) {
        int slots = Math.max(1, spark.sparkContext().defaultParallelism());
        return slots * (int) Math.max(1, Math.ceil(images / (slots * (double) IMAGES_PER_TASK)));
    }

    /**
     * The class folder of the image at {@code path} under {@code root}: its parent folder's name,
     * or null for an image directly in {@code root}.
     */
    static String label(String root, String path) {
        Path parent = new Path(path).getParent();
        if (parent == null || trimmed(parent.toString()).equals(trimmed(root))) {
            return null;
        }
        return parent.getName();
    }

    private static String trimmed(String p) {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}

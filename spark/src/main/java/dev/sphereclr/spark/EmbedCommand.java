package dev.sphereclr.spark;

import dev.sphereclr.encoder.io.SettingException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code embed}: the {@link EmbedJob} from a command line, the same on a cluster ({@code
 * spark-submit --class dev.sphereclr.spark.EmbedCommand sphereclr-spark-VERSION-job.jar ...}, the
 * master spark-submit's) and on one machine (SphereCLR's {@code embed}, Spark in local mode).
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Embeds every .jpg, .jpeg and .png under --data with a frozen encoder on Apache Spark"
                    + " and writes Parquet: path, label (the class folder), embedding, encoder id,"
                    + " error."
        })
public final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--encoder", required = true, description = "The exported encoder folder.")
    String encoder;

    @Option(
            names = "--data",
            required = true,
            description = "The images: any path Spark reads (a folder, hdfs://, s3a://).")
    String data;

    @Option(names = "--out", required = true, description = "The Parquet folder to create.")
    String out;

    @Option(
            names = "--spark-master",
            description = "Spark's master, e.g. local[2] (default: spark-submit's, else local[*]).")
    String master;

    @Option(
            names = "--skip-bad-images",
            description =
                    "Write an unreadable image as a row with its error and no embedding, instead"
                            + " of stopping.")
    boolean skipBadImages;

    @Option(
            names = "--spark-logs",
            description =
                    "Keep Spark's own log levels (by default its file scan's line per image is"
                            + " raised to WARN, in the driver and the executors).")
    boolean sparkLogs;

    @Option(
            names = "--batch-size",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize = 64;

    @Option(
            names = "--partitions",
            description =
                    "Tasks sharing the images (default: a multiple of the task slots, each of 2,048"
                            + " images or more).")
    int partitions;

    /** spark-submit's entry. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbedCommand()).execute(args));
    }

    @Override
    public Integer call() {
        if (batchSize < 1 || partitions < 0) {
            System.err.println("embed: --batch-size must be >= 1 and --partitions >= 0");
            return 2;
        }
        if (!SparkJvm.missing().isEmpty()) {
            System.err.println(
                    "embed: this JVM lacks the module openings Spark needs on Java 17; start java"
                            + " with: "
                            + SparkJvm.COMMAND_LINE);
            return 2;
        }
        // A session already running in this JVM (a notebook's, a test's) is used and left running.
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder builder = SparkSession.builder().appName("sphereclr embed");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        if (!sparkLogs) {
            SparkLogLevels.quietPerFileLines();
        }
        EmbedJob.Result r = null;
        String failure = null;
        int code = 0;
        try {
            r =
                    EmbedJob.run(
                            spark,
                            new EmbedJob.Settings(
                                    encoder,
                                    data,
                                    out,
                                    skipBadImages,
                                    batchSize,
                                    partitions,
                                    !sparkLogs));
        } catch (SettingException e) {
            failure = e.getMessage();
            code = 2;
        } catch (Exception e) {
            failure = JobFailure.describe(e);
            code = 1;
        } finally {
            if (ours) {
                spark.stop();
            }
        }
        // Last and alone: after whatever Spark logged while the job failed or stopped.
        if (failure != null) {
            if (code == 1) {
                System.err.println(); // apart from Spark's log of the failed tasks
            }
            System.err.println("embed: " + failure);
            return code;
        }
        System.out.printf(
                Locale.ROOT,
                "embedded %d of %d images with %s in %.1f s (%.0f images/s)%s: %s%n",
                r.images() - r.failed(),
                r.images(),
                r.encoder(),
                r.seconds(),
                r.images() / r.seconds(),
                r.failed() == 0
                        ? ""
                        : "; " + r.failed() + " could not be read (rows with an error)",
                out);
        return 0;
    }
}

package dev.sphereclr.spark;

import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's {@code --out}: a new path, or the leftovers of a job that did not finish (no {@code
 * _SUCCESS}, nothing but what a Spark write leaves), which a rerun replaces. Anything else there is
 * refused, so nothing saved is overwritten.
 */
final class OutputFolder {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);

    /** What a Parquet write leaves in its folder before and after it commits. */
    private static final String SPARK_ENTRY =
            "(_temporary|_SUCCESS|\\.?part-.*|_started_.*|_committed_.*)";

    /** How long a failed job's killed tasks are given to end before its output is removed. */
    private static final Duration TASKS_END = Duration.ofSeconds(30);

    private OutputFolder() {}

    private static boolean running(SparkSession spark) {
        for (SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
            if (e.numRunningTasks() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes {@code out} free for the job: nothing there, or a failed job's leftovers (removed).
     *
     * @throws SettingException naming {@code --out} when it holds a finished table or other files
     */
    static void claim(FileSystem fs, Path out) throws IOException {
        if (!fs.exists(out)) {
            return;
        }
        boolean leftovers = fs.getFileStatus(out).isDirectory();
        if (leftovers) {
            for (FileStatus entry : fs.listStatus(out)) {
                String name = entry.getPath().getName();
                leftovers &= name.matches(SPARK_ENTRY) && !name.equals("_SUCCESS");
            }
        }
        if (!leftovers) {
            throw new SettingException(
                    "--out " + out + " exists: give a new path (nothing was written)");
        }
        LOG.warn(
                "--out {} holds no _SUCCESS, only what a failed or killed job left: replacing it",
                out);
        fs.delete(out, true);
    }

    /**
     * Removes {@code out} after the job failed: a half-written table must not be read. The failed
     * job's other tasks are being killed and may still write a file: their end is awaited first (up
     * to {@link #TASKS_END}).
     */
    static void removeUnfinished(SparkSession spark, FileSystem fs, Path out) {
        long end = System.nanoTime() + TASKS_END.toNanos();
        while (System.nanoTime() < end && running(spark)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            if (fs.exists(out)) {
                fs.delete(out, true);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the failed job's {}: {}", out, e.toString());
        }
    }
}

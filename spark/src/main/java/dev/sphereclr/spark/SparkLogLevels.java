package dev.sphereclr.spark;

/**
 * Keeps a cluster's log to the job's progress. Spark's default configuration logs at INFO, where
 * its file scan writes a line for every file it opens: 50,523 lines for 50,000 images. Under log4j
 * 2 (what {@code spark-submit} runs with) those per-file loggers are set to WARN, in the driver and
 * in each executor; a cluster's own {@code log4j2.properties} can set them back (docs/spark.md).
 * Where Spark logs through another backend (SphereCLR's command line, logback at WARN) nothing is
 * changed.
 */
final class SparkLogLevels {

    /**
     * The loggers that write a line per file: on a standalone cluster with Spark's default levels,
     * 10,009 of the executors' 10,425 lines for 10,000 images were the file scan's "Reading File".
     * The per-task lines (a task is 2,048 images or more) stay: they are the job's progress.
     */
    static final String[] PER_FILE = {"org.apache.spark.sql.execution.datasources.FileScanRDD"};

    private static boolean done;

    private SparkLogLevels() {}

    /** Sets the per-file logger to WARN once in this JVM, if it logs through log4j 2's core. */
    static synchronized void quietPerFileLines() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (org.apache.logging.log4j.LogManager.getContext(false)
                    instanceof org.apache.logging.log4j.core.LoggerContext) {
                for (String name : PER_FILE) {
                    org.apache.logging.log4j.core.config.Configurator.setLevel(
                            name, org.apache.logging.log4j.Level.WARN);
                }
            }
        } catch (LinkageError noLog4jCore) {
            // another logging backend: its own configuration decides
        }
    }
}

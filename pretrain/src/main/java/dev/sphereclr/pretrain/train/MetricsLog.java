package dev.sphereclr.pretrain.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} of a run: one row per step, flushed as written, so that a crash loses at most
 * the row being written. On resume the rows after the checkpoint's step are dropped, so the file
 * reads as one uninterrupted run.
 */
public final class MetricsLog implements AutoCloseable {

    /** The header row. */
    public static final String HEADER =
            "step,epoch,lr,loss,contrastive,sec,sec_weight,norm_mean,norm_var,views_per_s,data_wait_ms,knn_top1";

    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Opens {@code file} for appending after step {@code lastStep} (0: a new run).
     *
     * @throws IOException naming the file
     */
    public static MetricsLog open(Path file, long lastStep) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (lastStep > 0 && Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("step")) {
                    long step = Long.parseLong(line.substring(0, line.indexOf(',')));
                    if (step <= lastStep) {
                        kept.add(line);
                    }
                }
            }
        }
        Json.writeString(file, String.join("\n", kept) + "\n");
        return new MetricsLog(
                Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /** Appends one row; {@code knnTop1} may be NaN (not measured at this step). */
    public void append(
            long step,
            int epoch,
            double lr,
            double loss,
            double contrastive,
            double sec,
            double secWeight,
            double normMean,
            double normVar,
            double viewsPerSecond,
            double dataWaitMs,
            double knnTop1)
            throws IOException {
        out.write(
                String.format(
                        Locale.ROOT,
                        "%d,%d,%.6g,%.6f,%.6f,%.6f,%.4g,%.6f,%.6f,%.2f,%.1f,%s%n",
                        step,
                        epoch,
                        lr,
                        loss,
                        contrastive,
                        sec,
                        secWeight,
                        normMean,
                        normVar,
                        viewsPerSecond,
                        dataWaitMs,
                        Double.isNaN(knnTop1) ? "" : String.format(Locale.ROOT, "%.4f", knnTop1)));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

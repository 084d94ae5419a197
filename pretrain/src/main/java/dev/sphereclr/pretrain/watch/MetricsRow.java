package dev.sphereclr.pretrain.watch;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of a run's {@code metrics.csv}: the step's numbers by name, for the writer and every
 * reader alike.
 *
 * @param step 1-based step count after the step
 * @param epoch epoch of the step's batch
 * @param lr learning rate of the step
 * @param loss contrastive + eta * SEC
 * @param contrastive the NT-Xent or InfoNCE part
 * @param sec the unweighted SEC part
 * @param secWeight eta
 * @param normMean mean norm of the raw projections
 * @param normVariance population variance of those norms
 * @param viewsPerSecond views trained per second over the step
 * @param dataWaitMs time the step waited for its batch
 * @param knnTop1 the kNN monitor's top-1, or NaN when it did not run at this step
 */
public record MetricsRow(
        long step,
        int epoch,
        double lr,
        double loss,
        double contrastive,
        double sec,
        double secWeight,
        double normMean,
        double normVariance,
        double viewsPerSecond,
        double dataWaitMs,
        double knnTop1) {

    /** The header row. */
    public static final String HEADER =
            "step,epoch,lr,loss,contrastive,sec,sec_weight,norm_mean,norm_var,views_per_s,data_wait_ms,knn_top1";

    private static final int COLUMNS = HEADER.split(",").length;

    /** The row as a CSV line (no line end). */
    public String toCsv() {
        return String.format(
                Locale.ROOT,
                "%d,%d,%.6g,%.6f,%.6f,%.6f,%.4g,%.6f,%.6f,%.2f,%.1f,%s",
                step,
                epoch,
                lr,
                loss,
                contrastive,
                sec,
                secWeight,
                normMean,
                normVariance,
                viewsPerSecond,
                dataWaitMs,
                Double.isNaN(knnTop1) ? "" : String.format(Locale.ROOT, "%.4f", knnTop1));
    }

    /** Parses a line {@link #toCsv} wrote. */
    public static MetricsRow parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException(
                    "not a metrics row ("
                            + f.length
                            + " columns, expected "
                            + COLUMNS
                            + "): "
                            + line);
        }
        double[] d = new double[COLUMNS];
        for (int i = 2; i < COLUMNS; i++) {
            d[i] = f[i].isEmpty() ? Double.NaN : Double.parseDouble(f[i]);
        }
        return new MetricsRow(
                Long.parseLong(f[0]),
                Integer.parseInt(f[1]),
                d[2],
                d[3],
                d[4],
                d[5],
                d[6],
                d[7],
                d[8],
                d[9],
                d[10],
                d[11]);
    }

    /** Every row of {@code file}, naming it when it is not a metrics file. */
    public static List<MetricsRow> readAll(Path file) throws IOException {
        List<String> lines = lines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a metrics.csv (its header differs)");
        }
        List<MetricsRow> rows = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                try {
                    rows.add(parse(line));
                } catch (RuntimeException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
        }
        return rows;
    }

    /** The lines of {@code file}, refused naming it when it is not UTF-8 text. */
    static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(
                    file + " is damaged: it is not UTF-8 text (" + e + "); repair or remove it", e);
        }
    }
}

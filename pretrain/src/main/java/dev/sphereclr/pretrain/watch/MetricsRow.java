package dev.sphereclr.pretrain.watch;

import com.google.common.base.Joiner;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of a run's {@code metrics.csv}: the step's numbers by name, for the writer and every
 * reader alike. Each regularizer of the run has two columns named from it, {@code NAME} (its
 * unweighted penalty) and {@code NAME_weight}: a run with the SEC has {@code sec,sec_weight}.
 *
 * @param step 1-based step count after the step
 * @param epoch epoch of the step's batch
 * @param lr learning rate of the step
 * @param loss contrastive + each weight times its penalty
 * @param contrastive the NT-Xent or InfoNCE part
 * @param penalties each regularizer's unweighted penalty, by name, in the run's order
 * @param weights each regularizer's weight at the step, by name
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
        Map<String, Double> penalties,
        Map<String, Double> weights,
        double normMean,
        double normVariance,
        double viewsPerSecond,
        double dataWaitMs,
        double knnTop1) {

    private static final List<String> LEADING =
            List.of("step", "epoch", "lr", "loss", "contrastive");
    private static final List<String> TRAILING =
            List.of("norm_mean", "norm_var", "views_per_s", "data_wait_ms", "knn_top1");
    private static final String WEIGHT = "_weight";

    /** The header of a run whose regularizers are {@code regularizers}, in that order. */
    public static String header(List<String> regularizers) {
        List<String> columns = new ArrayList<>(LEADING);
        regularizers.forEach(name -> columns.addAll(List.of(name, name + WEIGHT)));
        columns.addAll(TRAILING);
        return String.join(",", columns);
    }

    /** The regularizers a header names, or null when it is not a metrics header. */
    static List<String> regularizers(String header) {
        List<String> columns = Arrays.asList(header.split(",", -1));
        int middle = columns.size() - LEADING.size() - TRAILING.size();
        if (middle < 0
                || middle % 2 != 0
                || !columns.subList(0, LEADING.size()).equals(LEADING)
                || !columns.subList(columns.size() - TRAILING.size(), columns.size())
                        .equals(TRAILING)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = LEADING.size(); i < LEADING.size() + middle; i += 2) {
            if (!columns.get(i + 1).equals(columns.get(i) + WEIGHT)) {
                return null;
            }
            names.add(columns.get(i));
        }
        return names;
    }

    /** The unweighted penalty of regularizer {@code name}, NaN where the run has none. */
    public double penalty(String name) {
        return penalties.getOrDefault(name, Double.NaN);
    }

    /** The weight of regularizer {@code name} at the step, 0 where the run has none. */
    public double weight(String name) {
        return weights.getOrDefault(name, 0.0);
    }

    /** The row as a CSV line (no line end), its regularizers' columns in their order. */
    public String toCsv() {
        List<String> fields = new ArrayList<>();
        fields.add(
                String.format(
                        Locale.ROOT, "%d,%d,%.6g,%.6f,%.6f", step, epoch, lr, loss, contrastive));
        penalties.forEach(
                (name, value) ->
                        fields.add(
                                String.format(Locale.ROOT, "%.6f,%.4g", value, weights.get(name))));
        fields.add(
                String.format(
                        Locale.ROOT,
                        "%.6f,%.6f,%.2f,%.1f,%s",
                        normMean,
                        normVariance,
                        viewsPerSecond,
                        dataWaitMs,
                        Double.isNaN(knnTop1) ? "" : String.format(Locale.ROOT, "%.4f", knnTop1)));
        return Joiner.on(',').join(fields);
    }

    /** Parses a line {@link #toCsv} wrote for a run with {@code regularizers}. */
    public static MetricsRow parse(List<String> regularizers, String line) {
        String[] f = line.split(",", -1);
        int columns = LEADING.size() + 2 * regularizers.size() + TRAILING.size();
        if (f.length != columns) {
            throw new IllegalArgumentException(
                    "not a metrics row ("
                            + f.length
                            + " columns, expected "
                            + columns
                            + "): "
                            + line);
        }
        double[] d = new double[columns];
        for (int i = 2; i < columns; i++) {
            d[i] = f[i].isEmpty() ? Double.NaN : Double.parseDouble(f[i]);
        }
        Map<String, Double> penalties = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        int i = LEADING.size();
        for (String name : regularizers) {
            penalties.put(name, d[i++]);
            weights.put(name, d[i++]);
        }
        return new MetricsRow(
                Long.parseLong(f[0]),
                Integer.parseInt(f[1]),
                d[2],
                d[3],
                d[4],
                penalties,
                weights,
                d[i],
                d[i + 1],
                d[i + 2],
                d[i + 3],
                d[i + 4]);
    }

    /** Every row of {@code file}, naming it when it is not a metrics file. */
    public static List<MetricsRow> readAll(Path file) throws IOException {
        List<String> lines = lines(file);
        List<String> regularizers = lines.isEmpty() ? null : regularizers(lines.get(0));
        if (regularizers == null) {
            throw new IOException(file + ": not a metrics.csv (its header differs)");
        }
        List<MetricsRow> rows = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                try {
                    rows.add(parse(regularizers, line));
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

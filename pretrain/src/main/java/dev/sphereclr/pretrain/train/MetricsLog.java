package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.io.Json;
import dev.sphereclr.pretrain.method.LossParts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * {@code metrics.csv} of a run: one {@link MetricsRow} per logged step, flushed as written, so that
 * a crash loses at most the row being written. On resume the rows after the checkpoint's step are
 * dropped, so the file reads as one uninterrupted run.
 */
public final class MetricsLog implements StepListener, AutoCloseable {

    private final BufferedWriter out;
    private LongToDoubleFunction knnTop1 = step -> Double.NaN;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Fills the kNN column from {@code knnTop1} (NaN: not measured at that step). */
    MetricsLog withKnn(LongToDoubleFunction knnTop1) {
        this.knnTop1 = knnTop1;
        return this;
    }

    /** Writes the row of every logged step. */
    @Override
    public void afterStep(StepEvent e) throws IOException {
        if (!e.logged()) {
            return;
        }
        LossParts.Values v = e.values();
        append(
                new MetricsRow(
                        e.step(),
                        e.epoch(),
                        e.lr(),
                        v.total(),
                        v.contrastive(),
                        v.sec(),
                        v.secWeight(),
                        v.normMean(),
                        v.normVariance(),
                        e.viewsPerSecond(),
                        e.dataWaitMs(),
                        knnTop1.applyAsDouble(e.step())));
    }

    /**
     * Opens {@code file} for appending after step {@code lastStep} (0: a new run).
     *
     * @throws IOException naming the file
     */
    public static MetricsLog open(Path file, long lastStep) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(MetricsRow.HEADER);
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

    /** Appends {@code row}. */
    public void append(MetricsRow row) throws IOException {
        out.write(row.toCsv());
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

package dev.sphereclr.pretrain.watch;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.method.LossParts;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics.csv} of a run: one {@link MetricsRow} per logged step, flushed as written, so that
 * a crash loses at most the row being written. On resume the rows after the checkpoint's step are
 * dropped, so the file reads as one uninterrupted run.
 */
public final class MetricsLog implements StepListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

    private final FileChannel channel;
    private final Writer out;
    private final List<String> regularizers;
    private LongToDoubleFunction knnTop1 = step -> Double.NaN;

    private MetricsLog(FileChannel channel, List<String> regularizers) {
        this.channel = channel;
        this.regularizers = regularizers;
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
    }

    /** Fills the kNN column from {@code knnTop1} (NaN: not measured at that step). */
    public MetricsLog withKnn(LongToDoubleFunction knnTop1) {
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
                        named(v::penalty),
                        named(v::weight),
                        v.normMean(),
                        v.normVariance(),
                        e.viewsPerSecond(),
                        e.dataWaitMs(),
                        knnTop1.applyAsDouble(e.step())));
    }

    /** The run's regularizers, each with {@code value}'s number for it. */
    private Map<String, Double> named(ToDoubleFunction<String> value) {
        Map<String, Double> values = new LinkedHashMap<>();
        regularizers.forEach(name -> values.put(name, value.applyAsDouble(name)));
        return values;
    }

    /**
     * Opens {@code file} of a run with {@code regularizers} (their columns, in order) for appending
     * after step {@code lastStep} (0: a new run). A resumed run whose file is missing starts it
     * again at that step, with a warning: the history is lost.
     *
     * @throws IOException naming the file when it is damaged
     */
    public static MetricsLog open(Path file, long lastStep, List<String> regularizers)
            throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(MetricsRow.header(regularizers));
        if (lastStep > 0 && !Files.exists(file)) {
            LOG.warn(
                    "{} is missing: the history of steps 1 to {} is lost; it restarts at step {}",
                    file,
                    lastStep,
                    lastStep + 1);
        } else if (lastStep > 0) {
            long lastRow = 0;
            for (String line : MetricsRow.lines(file)) {
                if (!line.isBlank() && !line.startsWith("step")) {
                    MetricsRow row;
                    try {
                        row = MetricsRow.parse(regularizers, line);
                    } catch (RuntimeException e) {
                        throw new IOException(
                                file + " is damaged: " + e.getMessage() + "; repair or remove it",
                                e);
                    }
                    if (row.step() <= lastStep) {
                        kept.add(line); // as written, so that a resumed file equals an unbroken one
                        lastRow = Math.max(lastRow, row.step());
                    }
                }
            }
            if (lastRow < lastStep) {
                // A checkpoint's row is written before it: the rows were lost (a file restored
                // from a backup, or written by a version that did not sync them).
                LOG.warn(
                        "{} ends at step {}, the checkpoint resumed is at step {}: the rows of"
                                + " steps {} to {} are missing, and the history has that gap",
                        file,
                        lastRow,
                        lastStep,
                        lastRow + 1,
                        lastStep);
            }
        }
        Json.writeString(file, String.join("\n", kept) + "\n");
        return new MetricsLog(
                FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                regularizers);
    }

    /** The rows of the run's {@code file} so far; none when it does not exist. */
    public static List<MetricsRow> rows(Path file) throws IOException {
        return Files.exists(file) ? MetricsRow.readAll(file) : List.of();
    }

    /** Appends {@code row}. */
    public void append(MetricsRow row) throws IOException {
        out.write(row.toCsv());
        out.write('\n');
        out.flush();
    }

    /** Forces the rows written so far to the disk: called before a checkpoint is published. */
    public void sync() throws IOException {
        out.flush();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

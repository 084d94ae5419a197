package dev.sphereclr.spark;

import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What each task does with its partition of {@code (path, content)} rows: decode, then embed in
 * batches of {@code batchSize} with the executor's one encoder in inference mode, one output row
 * ({@link EmbedJob#SCHEMA}) per image, batch by batch as Spark asks for them.
 *
 * <p>An image that does not decode stops the task with a {@link BadImageException} naming it, or,
 * with {@code skipBadImages}, becomes a row with its error and no embedding.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final EncoderFiles encoder;
    private final String root;
    private final int batchSize;
    private final boolean skipBadImages;
    private final int taskCpus;
    private final boolean quietSparkLogs;

    EmbedPartition(
            EncoderFiles encoder,
            String root,
            int batchSize,
            boolean skipBadImages,
            int taskCpus,
            boolean quietSparkLogs) {
        this.encoder = encoder;
        this.root = root;
        this.batchSize = batchSize;
        this.skipBadImages = skipBadImages;
        this.taskCpus = taskCpus;
        this.quietSparkLogs = quietSparkLogs;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws IOException {
        if (quietSparkLogs) {
            SparkLogLevels.quietPerFileLines(); // an executor's own log
        }
        FrozenEncoder frozen = ExecutorEncoders.get(encoder, taskCpus);
        ArrayDeque<Row> ready = new ArrayDeque<>();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && input.hasNext()) {
                    try {
                        embedNextBatch(frozen, input, ready);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private void embedNextBatch(FrozenEncoder frozen, Iterator<Row> input, ArrayDeque<Row> out)
            throws IOException {
        List<String> paths = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        List<Row> failed = new ArrayList<>();
        while (input.hasNext() && paths.size() < batchSize) {
            Row row = input.next();
            String path = row.getString(0);
            try {
                images.add(ImageDecoder.decode((byte[]) row.get(1), path));
                paths.add(path);
            } catch (IOException | RuntimeException e) {
                if (!skipBadImages) {
                    throw new BadImageException(path, e);
                }
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                failed.add(
                        RowFactory.create(
                                path, EmbedJob.label(root, path), null, frozen.id(), why));
            }
        }
        float[][] embeddings = images.isEmpty() ? new float[0][] : frozen.embed(images);
        for (int i = 0; i < paths.size(); i++) {
            out.add(
                    RowFactory.create(
                            paths.get(i),
                            EmbedJob.label(root, paths.get(i)),
                            embeddings[i],
                            frozen.id(),
                            null));
        }
        out.addAll(failed);
    }
}

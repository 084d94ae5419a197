package dev.sphereclr.eval.features;

import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two splits of {@code eval --features DIR}: {@code DIR/train} and {@code DIR/test}, each a
 * table {@code embed} wrote. Rows are put in the order an image folder has (class, then path), and
 * classes are numbered in sorted order, so kNN and the probe see what {@code eval --encoder} on the
 * same folders sees.
 *
 * @param train the training split's features
 * @param test the test split's features
 * @param classes the class names, index order
 * @param encoder the id of the encoder that embedded both
 */
public record EmbeddingTables(
        FeatureSet train, FeatureSet test, List<String> classes, String encoder) {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingTables.class);

    /**
     * Reads {@code dir/train} and {@code dir/test}.
     *
     * @throws IOException naming the table and what is wrong: no reader on the class path, rows
     *     without a class folder, splits of different encoders or classes
     */
    public static EmbeddingTables read(Path dir) throws IOException {
        EmbeddingTable reader =
                ServiceLoader.load(EmbeddingTable.class)
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new SettingException(
                                                "--features needs sphereclr-spark on the class"
                                                        + " path, which reads the Parquet that"
                                                        + " embed writes"));
        List<EmbeddingTable.Row> train = usable(reader, dir.resolve("train"));
        List<EmbeddingTable.Row> test = usable(reader, dir.resolve("test"));
        List<String> classes = new ArrayList<>(labels(train));
        TreeSet<String> unknown = labels(test);
        unknown.removeAll(classes);
        if (!unknown.isEmpty()) {
            throw new IOException(
                    dir.resolve("test") + " has classes the train split lacks: " + unknown);
        }
        String encoder = train.get(0).encoder();
        String other =
                Stream.concat(train.stream(), test.stream())
                        .map(EmbeddingTable.Row::encoder)
                        .filter(e -> !e.equals(encoder))
                        .findFirst()
                        .orElse(null);
        if (other != null) {
            throw new IOException(dir + ": embedded by two encoders, " + encoder + " and " + other);
        }
        return new EmbeddingTables(
                features(train, classes), features(test, classes), classes, encoder);
    }

    private static List<EmbeddingTable.Row> usable(EmbeddingTable reader, Path split)
            throws IOException {
        List<EmbeddingTable.Row> rows = new ArrayList<>();
        int failed = 0;
        for (EmbeddingTable.Row r : reader.read(split.toString())) {
            if (r.embedding() == null) {
                failed++;
            } else if (firstNonFinite(r.embedding()) >= 0) {
                int i = firstNonFinite(r.embedding());
                throw new IOException(
                        split
                                + ": the row of "
                                + r.path()
                                + " has "
                                + r.embedding()[i]
                                + " at index "
                                + i
                                + " of its embedding; a damaged table is not scored");
            } else if (r.label() == null) {
                throw new IOException(
                        split + ": " + r.path() + " has no class (expected <class>/<file>)");
            } else {
                rows.add(r);
            }
        }
        if (failed > 0) {
            LOG.warn(
                    "{}: {} images without an embedding (their error column says why) are left out",
                    split,
                    failed);
        }
        if (rows.isEmpty()) {
            throw new IOException(split + ": no embedded images");
        }
        rows.sort(
                Comparator.comparing(EmbeddingTable.Row::label)
                        .thenComparing(EmbeddingTable.Row::path));
        return rows;
    }

    /** The index of the first NaN or infinite value, or -1. */
    private static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    private static TreeSet<String> labels(List<EmbeddingTable.Row> rows) {
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(r -> names.add(r.label()));
        return names;
    }

    private static FeatureSet features(List<EmbeddingTable.Row> rows, List<String> classes)
            throws IOException {
        Map<String, Integer> index = new HashMap<>();
        for (String c : classes) {
            index.put(c, index.size());
        }
        int dimension = rows.get(0).embedding().length;
        float[] features = new float[rows.size() * dimension];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            float[] e = rows.get(i).embedding();
            if (e.length != dimension) {
                throw new IOException(
                        rows.get(i).path() + ": " + e.length + " floats, others " + dimension);
            }
            System.arraycopy(e, 0, features, i * dimension, dimension);
            labels[i] = index.get(rows.get(i).label());
        }
        return new FeatureSet(features, labels, dimension, classes.size());
    }
}

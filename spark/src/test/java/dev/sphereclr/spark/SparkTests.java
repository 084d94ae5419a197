package dev.sphereclr.spark;

import dev.sphereclr.augment.data.BundledSample;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.pretrain.export.EncoderExport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the Spark tests share: one local session, exported encoders, real images. */
final class SparkTests {

    private SparkTests() {}

    /** Spark in local mode with two task slots, quiet, its files under {@code tmp}. */
    static SparkSession session(Path tmp) {
        return SparkSession.builder()
                .appName("sphereclr-test")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "3")
                .config("spark.local.dir", tmp.resolve("spark").toString())
                .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
                .getOrCreate();
    }

    /** A randomly initialized encoder ({@code random:resnet18-cifar@0.25}, say), exported. */
    static Path export(String spec, Path folder) throws IOException {
        try (FrozenEncoder random = RandomEncoder.of(spec, 42)) {
            EncoderExport.write(random.block(), random.manifest(), folder);
        }
        return folder;
    }

    /** The bundled CIFAR-10 sample (real CIFAR-10 JPEGs), unpacked: train/ and test/. */
    static Path sample() throws IOException {
        return BundledSample.resolve(null);
    }

    /** The first {@code perClass} images of each class folder of {@code split}, copied. */
    static Path subset(Path split, int perClass, Path to) throws IOException {
        try (Stream<Path> classes = Files.list(split)) {
            for (Path c : classes.sorted().toList()) {
                Path target = Files.createDirectories(to.resolve(c.getFileName().toString()));
                try (Stream<Path> files = Files.list(c)) {
                    for (Path f : files.sorted().limit(perClass).toList()) {
                        Files.copy(f, target.resolve(f.getFileName().toString()));
                    }
                }
            }
        }
        return to;
    }

    /** The largest difference between each row's embedding and the encoder's of its file. */
    static double maxDifference(List<Row> rows, FrozenEncoder encoder) throws IOException {
        double max = 0;
        List<Row> batch = new ArrayList<>(rows);
        for (Row r : batch) {
            float[] expected =
                    encoder.embed(ImageDecoder.decode(Path.of(URI.create(r.getString(0)))));
            List<Float> got = r.getList(2);
            if (got.size() != expected.length) {
                throw new AssertionError(r.getString(0) + ": " + got.size() + " floats");
            }
            for (int i = 0; i < expected.length; i++) {
                max = Math.max(max, Math.abs(expected[i] - got.get(i)));
            }
        }
        return max;
    }
}

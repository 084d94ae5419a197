package dev.sphereclr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sphereclr.encoder.FrozenEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's embeddings are {@link FrozenEncoder#embed}'s, whatever the partitioning, on real
 * images: CIFAR-10 JPEGs at the CIFAR stem, and at the ImageNet stem (224 px, resized and cropped)
 * the Imagenette slice when it is unpacked where {@code -Dsphereclr.imagenette} or {@code
 * SPHERECLR_IMAGENETTE} says, else CIFAR-10 JPEGs resized to 224.
 */
class EmbedJobTest {

    /** Float rounding: batches of other sizes and compositions take other kernels. */
    static final double ROUNDING = 1e-4;

    @TempDir static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session(tmp);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Row> embedded(Path encoder, Path data, int partitions, String name)
            throws IOException {
        Path out = tmp.resolve(name);
        EmbedJob.Result r =
                EmbedJob.run(
                        spark,
                        new EmbedJob.Settings(
                                encoder.toString(),
                                data.toString(),
                                out.toString(),
                                false,
                                16,
                                partitions));
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(r.images(), rows.size());
        assertEquals(0, r.failed());
        return rows;
    }

    private static void sameAsFrozenEncoder(Path encoder, Path data, int images, String name)
            throws IOException {
        try (FrozenEncoder frozen = FrozenEncoder.load(encoder)) {
            for (int partitions = 1; partitions <= 3; partitions++) {
                List<Row> rows = embedded(encoder, data, partitions, name + partitions);
                assertEquals(images, rows.size(), partitions + " partitions");
                double diff = SparkTests.maxDifference(rows, frozen);
                System.out.println(name + partitions + ": max difference " + diff);
                assertTrue(diff < ROUNDING, partitions + " partitions: max difference " + diff);
                for (Row r : rows) {
                    Path file = Path.of(java.net.URI.create(r.getString(0)));
                    assertEquals(file.getParent().getFileName().toString(), r.getString(1));
                    assertEquals(frozen.id(), r.getString(3));
                    assertTrue(r.isNullAt(4));
                }
            }
        }
    }

    @Test
    void cifarJpegsEmbedAsFrozenEncoderDoesInOneTwoAndThreePartitions() throws IOException {
        Path encoder = SparkTests.export("random:resnet18-cifar@0.25", tmp.resolve("cifar"));
        Path test = SparkTests.sample().resolve("test");
        sameAsFrozenEncoder(encoder, test, 1000, "cifar-");
    }

    @Test
    void imageNetSizedInputsEmbedAsFrozenEncoderDoesToo() throws IOException {
        Path encoder = SparkTests.export("random:resnet18-imagenet@0.25", tmp.resolve("imagenet"));
        Path data =
                SparkTests.subset(
                        SparkTests.sample().resolve("test"), 4, tmp.resolve("cifar-subset"));
        sameAsFrozenEncoder(encoder, data, 40, "resized-");
    }

    @Test
    void imagenetteEmbedsAsFrozenEncoderDoes() throws IOException {
        String dir =
                System.getProperty(
                        "sphereclr.imagenette",
                        System.getenv().getOrDefault("SPHERECLR_IMAGENETTE", ""));
        assumeTrue(
                !dir.isBlank() && Files.isDirectory(Path.of(dir)),
                "-Dsphereclr.imagenette=DIR or SPHERECLR_IMAGENETTE (the unpacked Imagenette slice)"
                        + " not given");
        Path encoder =
                SparkTests.export("random:resnet18-imagenet@0.25", tmp.resolve("imagenette-enc"));
        Path data = SparkTests.subset(Path.of(dir, "val"), 20, tmp.resolve("imagenette"));
        sameAsFrozenEncoder(encoder, data, 200, "imagenette-");
    }

    @Test
    void theEncoderIsLoadedOncePerJvmWhateverTheTasks() throws IOException {
        Path encoder = SparkTests.export("random:resnet18-cifar@0.25", tmp.resolve("once"));
        Path data =
                SparkTests.subset(SparkTests.sample().resolve("train"), 6, tmp.resolve("once-d"));
        int before = ExecutorEncoders.loads();
        embedded(encoder, data, 3, "once-1");
        embedded(encoder, data, 2, "once-2");
        assertEquals(
                1,
                ExecutorEncoders.loads() - before,
                "two jobs of 3 and 2 tasks in one JVM: one load");
    }
}

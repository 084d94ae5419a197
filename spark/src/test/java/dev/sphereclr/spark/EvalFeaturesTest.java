package dev.sphereclr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.EvalReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval --features} on the job's Parquet scores as {@code eval --encoder} on the images. */
class EvalFeaturesTest {

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

    /** Embeds a small subset of the sample's two splits into {@code name}/train and /test. */
    private static Path smallTables(String name) throws IOException {
        Path encoder = SparkTests.export("random:resnet18-cifar@0.25", tmp.resolve("enc-" + name));
        Path tables = tmp.resolve(name);
        for (String split : new String[] {"train", "test"}) {
            Path images =
                    SparkTests.subset(
                            SparkTests.sample().resolve(split), 3, tmp.resolve(name + "-" + split));
            EmbedJob.run(
                    spark,
                    new EmbedJob.Settings(
                            encoder.toString(),
                            images.toString(),
                            tables.resolve(split).toString(),
                            false,
                            64,
                            2));
        }
        return tables;
    }

    private static IOException refused(Path tables) {
        LinearEvaluation.Settings features = new LinearEvaluation.Settings();
        features.features = tables;
        features.out = tables.resolveSibling(tables.getFileName() + "-eval");
        return assertThrows(IOException.class, () -> LinearEvaluation.run(features));
    }

    @Test
    void aTableWithANonFiniteEmbeddingIsRefusedNamingTheRow() throws IOException {
        Path tables = smallTables("nan");
        Path test = tables.resolve("test");
        List<Row> rows = spark.read().parquet(test.toString()).collectAsList();
        List<Row> damaged = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<Float> e = new ArrayList<>(r.getList(2));
            if (i == 7) {
                e.set(5, Float.NaN);
            }
            damaged.add(
                    RowFactory.create(
                            r.get(0), r.get(1), e.toArray(new Float[0]), r.get(3), r.get(4)));
        }
        Path copy = tables.resolve("test-nan");
        spark.createDataFrame(damaged, EmbedJob.SCHEMA).write().parquet(copy.toString());
        MoreFiles.deleteRecursively(test, RecursiveDeleteOption.ALLOW_INSECURE);
        Files.move(copy, test);
        IOException e = refused(tables);
        assertTrue(
                e.getMessage()
                        .startsWith(
                                test
                                        + ": the row of "
                                        + rows.get(7).getString(0)
                                        + " has NaN at index 5 of its embedding"),
                e.getMessage());
    }

    @Test
    void aTableThatLostAPartFileOrItsSuccessMarkIsRefusedByName() throws IOException {
        Path tables = smallTables("lost");
        Path test = tables.resolve("test");
        Path part;
        try (Stream<Path> files = Files.list(test)) {
            part =
                    files.filter(f -> f.getFileName().toString().startsWith("part-"))
                            .findFirst()
                            .get();
        }
        Files.delete(part);
        IOException e = refused(tables);
        assertTrue(e.getMessage().startsWith(test + " has "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                " rows, the embed job that wrote it recorded 30 (_embed.json): a"
                                        + " part file is missing or was added"),
                e.getMessage());

        Files.delete(test.resolve("_SUCCESS"));
        e = refused(tables);
        assertEquals(
                test
                        + " holds no _SUCCESS: the embed job that wrote it did not finish (it"
                        + " failed or was killed), so rows may be missing; run embed again",
                e.getMessage());
    }

    @Test
    void kNearestNeighboursAndTheProbeScoreTheTablesAsTheImages() throws IOException {
        Path encoder = SparkTests.export("random:resnet18-cifar@0.25", tmp.resolve("encoder"));
        Path sample = SparkTests.sample();
        Path tables = tmp.resolve("tables");
        for (String split : new String[] {"train", "test"}) {
            EmbedJob.run(
                    spark,
                    new EmbedJob.Settings(
                            encoder.toString(),
                            sample.resolve(split).toString(),
                            tables.resolve(split).toString(),
                            false,
                            64,
                            0));
        }
        LinearEvaluation.Settings images = new LinearEvaluation.Settings();
        images.encoder = encoder.toString();
        images.data = sample;
        images.cache = tmp.resolve("cache");
        images.out = tmp.resolve("eval-images");
        EvalReport fromImages = LinearEvaluation.run(images);

        LinearEvaluation.Settings features = new LinearEvaluation.Settings();
        features.features = tables;
        features.out = tmp.resolve("eval-features");
        EvalReport fromTables = LinearEvaluation.run(features);

        assertEquals(5000, fromTables.trainImages);
        assertEquals(1000, fromTables.testImages);
        assertEquals(fromImages.classes, fromTables.classes);
        assertEquals(fromImages.knnTop1, fromTables.knnTop1, "kNN top-1");
        assertEquals(fromImages.top1, fromTables.top1, "linear top-1");
    }
}

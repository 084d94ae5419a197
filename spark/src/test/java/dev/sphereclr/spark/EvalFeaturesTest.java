package dev.sphereclr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.EvalReport;
import java.io.IOException;
import java.nio.file.Path;
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

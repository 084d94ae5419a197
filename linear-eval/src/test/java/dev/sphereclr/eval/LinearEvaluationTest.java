package dev.sphereclr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.eval.cli.EvalCommand;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.runtime.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearEvaluationTest {

    @TempDir Path tmp;

    @Test
    void evaluatesWritesReportsAndReusesCachedFeatures() throws IOException {
        Path images = Fixtures.twoClassFolder(tmp, 16);
        Path encoder = Fixtures.tinyEncoder(tmp);
        LinearEvaluation.Settings s = new LinearEvaluation.Settings();
        s.encoder = encoder.toString();
        s.dataset = Datasets.Kind.FOLDER;
        s.data = images;
        s.out = tmp.resolve("report");
        s.cache = tmp.resolve("cache");
        s.knnK = 5;
        s.fast.epochs = 20;
        s.pretrainRuns = java.util.List.of(encoder.getParent());
        EvalReport first = LinearEvaluation.run(s);
        assertFalse(first.featuresFromCache);
        assertTrue(first.top1 > 0.9, "two separable classes: " + first.top1);
        assertEquals(32, first.trainImages);
        assertEquals(2, first.confusionMatrix.length);

        EvalReport second = LinearEvaluation.run(s);
        assertTrue(second.featuresFromCache, "the second probe reads the cached features");
        assertEquals(first.top1, second.top1, 1e-12);

        EvalReport json = Json.read(s.out.resolve("report.json"), EvalReport.class);
        assertEquals(first.knnTop1, json.knnTop1, 1e-12);
        String md = Files.readString(s.out.resolve("report.md"));
        assertTrue(md.contains("linear probe top-1") && md.contains("left-red"), md);
        String html = Files.readString(s.out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "charts embedded");
        for (String chart :
                new String[] {"per-class.png", "confusion.png", "loss.png", "norm-variance.png"}) {
            assertTrue(Files.size(s.out.resolve("charts").resolve(chart)) > 1000, chart);
        }
    }

    @Test
    void theRandomFloorRunsFromTheCommandLine() throws IOException {
        Path images = Fixtures.twoClassFolder(tmp, 8);
        int code =
                Cli.execute(
                        new EvalCommand(),
                        "--encoder",
                        "random:resnet18-cifar@0.0625",
                        "--dataset",
                        "folder",
                        "--data",
                        images.toString(),
                        "--out",
                        tmp.resolve("floor").toString(),
                        "--cache",
                        tmp.resolve("cache").toString(),
                        "--knn-k",
                        "3",
                        "--epochs",
                        "5");
        assertEquals(0, code);
        EvalReport r = Json.read(tmp.resolve("floor/report.json"), EvalReport.class);
        assertEquals("random:resnet18-cifar@0.0625", r.encoder);
    }

    @Test
    void classesMissingFromASplitAreNamedBeforeAnythingIsWritten() throws IOException {
        Path images = Fixtures.twoClassFolder(tmp, 2);
        Files.move(images.resolve("test/right-blue"), images.resolve("test/green"));
        LinearEvaluation.Settings s = new LinearEvaluation.Settings();
        s.encoder = "random:resnet18-cifar@0.25";
        s.dataset = Datasets.Kind.FOLDER;
        s.data = images;
        s.out = tmp.resolve("report");
        IOException e = assertThrows(IOException.class, () -> LinearEvaluation.run(s));
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "have different classes: the train split lacks [green]; the test"
                                        + " split lacks [right-blue]"),
                e.getMessage());
        assertFalse(Files.exists(s.out), "nothing written");
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        assertEquals(2, Cli.execute(new EvalCommand(), "--encoder", "x", "--protocol", "slow"));
        assertEquals(
                2,
                Cli.execute(new EvalCommand(), "--encoder", "random:resnet99-cifar", "--out", "x"));
        assertEquals(
                2,
                Cli.execute(
                        new EvalCommand(), "--encoder", "random:resnet18-cifar", "--knn-k", "0"));
        assertEquals(
                2,
                Cli.execute(
                        new EvalCommand(),
                        "--encoder",
                        "random:resnet18-cifar",
                        "--data",
                        tmp.resolve("missing").toString(),
                        "--out",
                        tmp.resolve("out").toString()));
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
        // A folder without class sub-folders is the user's to fix, as a missing one is.
        assertEquals(
                2,
                Cli.execute(
                        new EvalCommand(),
                        "--encoder",
                        tmp.resolve("missing").toString(),
                        "--dataset",
                        "folder",
                        "--data",
                        tmp.toString()));
    }
}

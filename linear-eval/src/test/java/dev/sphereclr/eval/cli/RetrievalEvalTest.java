package dev.sphereclr.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.eval.FixturesAccess;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.testing.ImageFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --retrieval} and {@code --class-split}: the report, and bad input before any work.
 */
class RetrievalEvalTest {

    @TempDir Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run eval(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outBefore = System.out;
        PrintStream errBefore = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.execute(new EvalCommand(), args);
        } finally {
            System.setOut(outBefore);
            System.setErr(errBefore);
        }
        return new Run(
                code,
                out.toString(StandardCharsets.UTF_8).strip(),
                err.toString(StandardCharsets.UTF_8).strip());
    }

    /** {@code eval} of a random encoder on the folder {@code data} split by {@code split}. */
    private static Run split(String data, String split) {
        return eval(
                "--encoder",
                "random:resnet18-cifar@0.25",
                "--dataset",
                "folder",
                "--data",
                data,
                "--class-split",
                split);
    }

    /** A folder of four classes, no splits: two reddish and two bluish. */
    private Path classes() throws IOException {
        Path images = ImageFolders.twoClassFolder(tmp, 6);
        Path root = Files.createDirectories(tmp.resolve("classes"));
        Files.createSymbolicLink(root.resolve("a-red"), images.resolve("train/left-red"));
        Files.createSymbolicLink(root.resolve("b-blue"), images.resolve("train/right-blue"));
        Files.createSymbolicLink(root.resolve("c-red"), images.resolve("test/left-red"));
        Files.createSymbolicLink(root.resolve("d-blue"), images.resolve("test/right-blue"));
        return root;
    }

    @Test
    void aClassDisjointSplitReportsRetrievalOnTheTestClasses() throws IOException {
        Path out = tmp.resolve("report");
        Run r =
                eval(
                        "--encoder", "random:resnet18-cifar@0.25",
                        "--dataset", "folder",
                        "--data", classes().toString(),
                        "--class-split", "first-half",
                        "--recall-at", "1,2,4",
                        "--kmeans-restarts", "3",
                        "--out", out.toString(),
                        "--cache", tmp.resolve("cache").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Recall@1 ") && r.out().contains("(12 queries)"), r.out());
        JsonObject report =
                JsonParser.parseString(Files.readString(out.resolve("report.json")))
                        .getAsJsonObject();
        JsonObject retrieval = report.getAsJsonObject("retrieval");
        assertEquals(3, retrieval.getAsJsonArray("recallAt").size());
        assertEquals(12, retrieval.get("queries").getAsInt());
        assertEquals(2, retrieval.get("clusters").getAsInt());
        assertEquals(12, report.get("testImages").getAsInt());
        assertEquals("[\"c-red\",\"d-blue\"]", report.get("classes").toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(
                md.startsWith("# Retrieval evaluation")
                        && md.contains("| R@1 | R@2 | R@4 | NMI | F1 |"),
                md);
        assertTrue(Files.readString(out.resolve("report.html")).contains("<h2>Retrieval</h2>"));
        assertTrue(Files.size(out.resolve("charts/retrieval.png")) > 1000);
    }

    @Test
    void theHeadEmbeddingIsMeasuredFromAnExportAndRefusedElsewhere() throws IOException {
        Path export = FixturesAccess.tinyEncoder(tmp);
        Path classes = classes();
        Path out = tmp.resolve("head-report");
        Run r =
                eval(
                        "--encoder", export.toString(),
                        "--embedding", "head",
                        "--dataset", "folder",
                        "--data", classes.toString(),
                        "--class-split", "first-half",
                        "--out", out.toString(),
                        "--cache", tmp.resolve("cache").toString());
        assertEquals(0, r.code(), r.err());
        JsonObject report =
                JsonParser.parseString(Files.readString(out.resolve("report.json")))
                        .getAsJsonObject();
        assertEquals("head", report.get("embedding").getAsString());
        assertEquals(export + " (projection head)", report.get("encoder").getAsString());
        assertTrue(Files.readString(out.resolve("report.md")).contains("(projection head)"));

        Run random = eval("--encoder", "random:resnet18-cifar@0.25", "--embedding", "head");
        assertEquals(2, random.code());
        assertEquals(
                "--embedding head needs an exported encoder folder, which holds the projection"
                        + " head",
                random.err());
        Run unknown = eval("--encoder", export.toString(), "--embedding", "projection");
        assertEquals(2, unknown.code());
        assertEquals("--embedding = projection is not one of: encoder, head", unknown.err());

        // An export written before exports carried the head.
        Files.delete(export.resolve("head.safetensors"));
        Checksums.write(export);
        Run none =
                eval(
                        "--encoder",
                        export.toString(),
                        "--embedding",
                        "head",
                        "--dataset",
                        "folder",
                        "--data",
                        classes.toString(),
                        "--class-split",
                        "first-half",
                        "--out",
                        tmp.resolve("none").toString());
        assertEquals(2, none.code(), none.out());
        assertEquals(
                "linear-eval: --embedding head reads the projection head an export folder holds"
                        + " (head.safetensors); "
                        + export
                        + " has none",
                none.err());
    }

    @Test
    void badRetrievalInputIsRefusedBeforeAnyWork() throws IOException {
        Path classes = classes();
        Path splits = tmp.resolve("images");
        Run withSplits = split(splits.toString(), "first-half");
        assertEquals(2, withSplits.code());
        assertTrue(
                withSplits.err().contains("takes a folder of classes (root/<class>/*.jpg)"),
                withSplits.err());

        Path everything =
                Files.writeString(tmp.resolve("all.txt"), "a-red\nb-blue\nc-red\nd-blue\n");
        Run noTest = split(classes.toString(), everything.toString());
        assertEquals(2, noTest.code());
        assertTrue(
                noTest.err()
                        .contains(
                                "--class-split "
                                        + everything
                                        + " leaves no test class of the folder's 4"),
                noTest.err());

        Path unknown = Files.writeString(tmp.resolve("unknown.txt"), "a-red\nzebra\n");
        Run missing = split(classes.toString(), unknown.toString());
        assertEquals(2, missing.code());
        assertTrue(
                missing.err().contains("names classes the folder lacks: [zebra]"), missing.err());

        Run idle = eval("--encoder", "random:resnet18-cifar@0.25", "--recall-at", "1,2");
        assertEquals(2, idle.code());
        assertEquals(
                "--recall-at and --kmeans-restarts have no effect without --retrieval", idle.err());

        Run notAFile = eval("--encoder", "random:resnet18-cifar@0.25", "--class-split", "half");
        assertEquals(2, notAFile.code());
        assertEquals(
                "--class-split half: neither first-half nor a file of training classes",
                notAFile.err());
    }
}

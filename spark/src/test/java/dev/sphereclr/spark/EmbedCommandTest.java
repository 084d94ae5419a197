package dev.sphereclr.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code embed} as its user sees it: the console of a run and of each refusal. */
class EmbedCommandTest {

    @TempDir static Path tmp;
    static SparkSession spark;
    static Path encoder;
    static Path images;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTests.session(tmp);
        encoder = SparkTests.export("random:resnet18-cifar@0.25", tmp.resolve("encoder"));
        images = SparkTests.subset(SparkTests.sample().resolve("test"), 3, tmp.resolve("images"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Exit code, standard output and standard error of {@code embed args}. */
    record Console(int code, String out, String err) {}

    static Console embed(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new EmbedCommand()).execute(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        Console c =
                new Console(
                        code,
                        out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
        System.out.println("embed " + String.join(" ", args) + "\n" + c.out() + c.err());
        return c;
    }

    /** {@code embed --encoder ENCODER --data DATA --out OUT} and {@code more}. */
    static Console embed(Path encoder, Path data, Path out, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--encoder",
                                encoder.toString(),
                                "--data",
                                data.toString(),
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return embed(args.toArray(new String[0]));
    }

    private static Path damaged(String name) throws IOException {
        Path data = SparkTests.subset(images, 3, tmp.resolve(name));
        Files.write(data.resolve("cat/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
        return data;
    }

    @Test
    void aRunSaysWhatItDidAndWritesParquet() {
        Path out = tmp.resolve("out-ok");
        Console c = embed(encoder, images, out);
        assertEquals(0, c.code(), c.err());
        assertTrue(
                c.out().startsWith("embedded 30 of 30 images with resnet18-cifar@0.25/"), c.out());
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")));
    }

    @Test
    void aDamagedImageStopsTheJobNamingTheFile() {
        Path data;
        try {
            data = damaged("damaged");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Path out = tmp.resolve("out-damaged");
        Console c = embed(encoder, data, out);
        assertEquals(1, c.code());
        assertTrue(c.err().startsWith("\nembed: file:" + data.resolve("cat/broken.jpg")), c.err());
        assertTrue(c.err().contains("--skip-bad-images"), c.err());
        assertEquals(2, c.err().lines().count(), "a blank line, then ours alone: " + c.err());
        assertFalse(Files.exists(out), "a failed job leaves no --out behind");
        Console rerun = embed(encoder, data, out, "--skip-bad-images");
        assertEquals(0, rerun.code(), rerun.err());
    }

    @Test
    void aZeroByteImageStopsTheJobOrBecomesARowAndTheCountsAddUp() throws IOException {
        Path data = SparkTests.subset(images, 3, tmp.resolve("zero"));
        Path empty = Files.createFile(data.resolve("dog/empty.jpg"));
        Path out = tmp.resolve("out-zero");
        Console c = embed(encoder, data, out);
        assertEquals(1, c.code(), c.err());
        assertEquals(
                "\nembed: file:"
                        + empty
                        + ": empty file (0 bytes); --skip-bad-images writes it as a row with the"
                        + " error\n",
                c.err());
        assertFalse(Files.exists(out), "a failed job leaves no --out behind");

        c = embed(encoder, data, out, "--skip-bad-images");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().startsWith("embedded 30 of 31 images"), c.out());
        assertTrue(c.out().contains("; 1 could not be read (rows with an error)"), c.out());
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(31, rows.size());
        Row row = rows.stream().filter(r -> r.getString(0).endsWith("empty.jpg")).findFirst().get();
        assertEquals("dog", row.getString(1));
        assertTrue(row.isNullAt(2), "no embedding");
        assertEquals("file:" + empty + ": empty file (0 bytes)", row.getString(4));
    }

    @Test
    void aFailedOrKilledJobsLeftoversAreReplacedByARerun() throws IOException {
        Path out = tmp.resolve("out-killed");
        Files.createDirectories(out.resolve("_temporary/0"));
        Files.writeString(out.resolve("part-00000-x.snappy.parquet"), "half");
        Console c = embed(encoder, images, out);
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.isRegularFile(out.resolve("_SUCCESS")));
        assertEquals(30, spark.read().parquet(out.toString()).count());
    }

    @Test
    void theRandomFloorIsRefusedWithOurOwnMessage() {
        Console c =
                embed(
                        "--encoder",
                        "random:resnet18-cifar@0.25",
                        "--data",
                        images.toString(),
                        "--out",
                        tmp.resolve("out-random").toString());
        assertEquals(2, c.code());
        assertEquals(
                "embed: --encoder random:resnet18-cifar@0.25: embed takes an exported encoder"
                        + " folder; the random floor is eval's (eval --encoder"
                        + " random:resnet18-cifar@0.25)\n",
                c.err());
    }

    @Test
    void skippingBadImagesWritesTheirErrorAndCountsThem() throws IOException {
        Path data = damaged("skipped");
        Path out = tmp.resolve("out-skipped");
        Console c = embed(encoder, data, out, "--skip-bad-images");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("embedded 30 of 31 images"), c.out());
        assertTrue(c.out().contains("; 1 could not be read (rows with an error)"), c.out());
        List<Row> bad =
                spark.read().parquet(out.toString()).where("error is not null").collectAsList();
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).getString(0).endsWith("cat/broken.jpg"));
        assertEquals("cat", bad.get(0).getString(1));
        assertTrue(bad.get(0).isNullAt(2), "no embedding, never a zero vector");
    }

    @Test
    void anEmptyFolderIsRefusedByName() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty/cat"));
        Console c = embed(encoder, empty.getParent(), tmp.resolve("out-empty"));
        assertEquals(2, c.code());
        assertEquals(
                "embed: --data " + empty.getParent() + ": no .jpg, .jpeg or .png images under it\n",
                c.err());
    }

    @Test
    void aWrongEncoderPathIsRefusedByName() {
        Path wrong = tmp.resolve("no-such-encoder");
        Console c = embed(wrong, images, tmp.resolve("out-wrong"));
        assertEquals(2, c.code());
        assertEquals("embed: --encoder " + wrong + ": no such folder\n", c.err());
        Console notExport = embed(images, images, tmp.resolve("out-wrong2"));
        assertEquals(
                "embed: --encoder " + images + ": not an encoder export (no manifest.json)\n",
                notExport.err());
    }

    @Test
    void anExistingOutputIsNeverOverwritten() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out-exists"));
        Files.writeString(out.resolve("keep.txt"), "saved");
        Console c = embed(encoder, images, out);
        assertEquals(2, c.code());
        assertEquals(
                "embed: --out " + out + " exists: give a new path (nothing was written)\n",
                c.err());
        assertEquals("saved", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void thisJvmHasTheOpeningsSparkNeedsAndTheBuildGivesThemAll() throws IOException {
        assertEquals(List.of(), SparkJvm.missing());
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
        String jvmConfig = Files.readString(root.resolve(".mvn/jvm.config"));
        String pom = Files.readString(root.resolve("pom.xml"));
        assertEquals(SparkJvm.COMMAND_LINE, jvmConfig.strip(), ".mvn/jvm.config");
        assertTrue(
                pom.contains(
                        "<spark.jvm.options>" + SparkJvm.COMMAND_LINE + "</spark.jvm.options>"),
                "pom.xml's spark.jvm.options differs from SparkJvm.COMMAND_LINE");
    }
}

package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.run.Checkpoints;
import dev.sphereclr.pretrain.run.RunFolder;
import dev.sphereclr.pretrain.run.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged checkpoint is named with its file and fault, and a resume falls back past it. */
class CheckpointFaultsTest {

    @TempDir Path tmp;

    private PretrainConfig c;
    private Path out;
    private List<Path> checkpoints;

    @BeforeEach
    void stoppedRunWithTwoCheckpoints() throws IOException {
        c = TinyRuns.config();
        c.sec.weight = 0.1;
        out = tmp.resolve("run");
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            run.run(6); // checkpoints at step 4 and at the stop, step 6
        }
        checkpoints = new Checkpoints(out.resolve("checkpoints"), 3).list();
        assertEquals(2, checkpoints.size());
    }

    private IOException resumeRefused() {
        return assertThrows(
                IOException.class, () -> PretrainRun.resume(out, TinyRuns.loader(c), null).close());
    }

    private static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void aTruncatedNewestModelFallsBackToTheOlderCheckpoint() throws IOException {
        truncate(checkpoints.get(1).resolve(Checkpoints.MODEL_FILE));
        try (PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            assertEquals(4, run.step());
            run.run();
            assertEquals(12, run.step());
        }
    }

    private static void flipBit(Path file, int at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at % bytes.length] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void aFlippedBitInTheNewestModelIsRefusedByItsChecksumAndTheRunFallsBack() throws IOException {
        Path model = checkpoints.get(1).resolve(Checkpoints.MODEL_FILE);
        flipBit(model, (int) Files.size(model) - 7); // inside the last array: it would load
        try (PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            assertEquals(4, run.step());
        }
        flipBit(checkpoints.get(0).resolve(Checkpoints.MODEL_FILE), 1000);
        IOException e = resumeRefused();
        assertTrue(e.getMessage().contains(model + " is damaged or was changed"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                checkpoints.get(0).resolve(Checkpoints.MODEL_FILE)
                                        + " is damaged or was changed"),
                e.getMessage());
    }

    @Test
    void aCheckpointOfOtherSettingsThanConfigJsonIsRefusedNamingEach() throws IOException {
        PretrainConfig edited = RunFolder.storedConfig(out);
        edited.run.seed = 8;
        edited.budget.batchSize = 4;
        Json.write(out.resolve("config.json"), edited);
        IOException e = resumeRefused();
        assertTrue(
                e.getMessage().contains("batchSize (checkpoint 8, config.json 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("seed (checkpoint 7, config.json 8)"), e.getMessage());
        assertTrue(e.getMessage().startsWith(checkpoints.get(1).toString()), e.getMessage());
    }

    @Test
    void aCheckpointFromBeforeASettingExistedResumesWhereTheSettingIsAtItsDefault()
            throws IOException {
        for (Path checkpoint : checkpoints) {
            Path state = checkpoint.resolve("state.json");
            JsonObject tree = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
            tree.getAsJsonObject("settings").remove("chunkSize");
            tree.getAsJsonObject("settings").remove("precision");
            Files.writeString(state, tree.toString());
            Files.delete(checkpoint.resolve(Checksums.FILE));
            Checksums.write(checkpoint);
        }
        try (PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            assertEquals(6, run.step());
        }
        PretrainConfig edited = RunFolder.storedConfig(out);
        edited.budget.chunkSize = 4;
        Json.write(out.resolve("config.json"), edited);
        IOException e = resumeRefused();
        assertTrue(
                e.getMessage().contains("chunkSize (checkpoint null, config.json 4)"),
                e.getMessage());
    }

    /** Makes {@code checkpoint} one an older SphereCLR wrote: no format field, no checksums. */
    private static void asBeforeChecksums(Path checkpoint) throws IOException {
        Path state = checkpoint.resolve(Checkpoints.STATE_FILE);
        JsonObject tree = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        tree.remove("formatVersion");
        Files.writeString(state, tree.toString());
        Files.deleteIfExists(checkpoint.resolve(Checksums.FILE));
    }

    @Test
    void aCheckpointWithoutChecksumsIsRefusedUnlessItsFormatPredatesThemAndTheUserAllowsIt()
            throws IOException {
        for (Path p : checkpoints) {
            Files.delete(p.resolve(Checksums.FILE));
        }
        String m = resumeRefused().getMessage();
        for (Path p : checkpoints) {
            assertTrue(
                    m.contains(
                            p.resolve(Checksums.FILE)
                                    + " is missing: checkpoints of format 2 carry it"),
                    m);
        }
        asBeforeChecksums(checkpoints.get(1));
        m = resumeRefused().getMessage();
        assertTrue(
                m.contains(
                        checkpoints.get(1)
                                + " has no checksums.sha256: written before checkpoints carried"
                                + " checksums, nothing shows it is undamaged; --allow-unchecked"
                                + " resumes from it anyway"),
                m);
        try (PretrainRun run =
                PretrainRun.resumeWith(
                        out, TinyRuns.loader(c), RunFolder.storedConfig(out), true)) {
            assertEquals(6, run.step());
        }
    }

    @Test
    void withoutChecksumsEachFileAndFaultIsNamedByTheLoader() throws IOException {
        Path newest = checkpoints.get(1);
        Path older = checkpoints.get(0);
        for (Path p : checkpoints) {
            asBeforeChecksums(p);
        }
        truncate(newest.resolve(Checkpoints.OPTIMIZER_FILE));
        Files.writeString(older.resolve("sec-moving-mean.txt"), "");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                PretrainRun.resumeWith(
                                                out,
                                                TinyRuns.loader(c),
                                                RunFolder.storedConfig(out),
                                                true)
                                        .close());
        String m = e.getMessage();
        assertTrue(m.contains(newest.resolve(Checkpoints.OPTIMIZER_FILE) + ": cannot load"), m);
        assertTrue(m.contains(older.resolve("sec-moving-mean.txt") + ": not SEC's"), m);
        assertTrue(!m.contains("null"), m);
    }

    @Test
    void aHistoryShorterThanTheCheckpointIsResumedNamingTheMissingSteps() throws IOException {
        Path metrics = out.resolve("metrics.csv");
        List<String> lines = Files.readAllLines(metrics);
        Files.write(metrics, lines.subList(0, 4)); // the header and steps 1 to 3
        try (LoggedLines log = new LoggedLines(dev.sphereclr.pretrain.watch.MetricsLog.class);
                PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            run.run(7);
            assertTrue(
                    log.messages()
                            .contains(
                                    metrics
                                            + " ends at step 3, the checkpoint resumed is at step"
                                            + " 6: the rows of steps 4 to 6 are missing, and the"
                                            + " history has that gap"),
                    log.messages().toString());
        }
    }

    @Test
    void aResumeSaysItKeepsTheStoredThreadsAndTheRunRecordsEveryProcess() throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        try (LoggedLines log = new LoggedLines(PretrainRun.class);
                PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            RunSummary summary = run.run();
            List<Map<String, Object>> processes = summary.processes();
            assertEquals(2, processes.size(), processes.toString());
            for (Map<String, Object> p : processes) {
                assertEquals(cores, ((Number) p.get("cores")).intValue(), p.toString());
                assertEquals(1, ((Number) p.get("threads")).intValue(), p.toString());
            }
            if (cores != 1) {
                assertTrue(
                        log.messages().stream()
                                .anyMatch(
                                        m ->
                                                m.startsWith(
                                                        "resuming with 1 threads, as stored in"
                                                                + " config.json, on "
                                                                + cores
                                                                + " cores")),
                        log.messages().toString());
            }
        }
    }

    @Test
    void aFailedWriteLeavesNoPartialCheckpointAndNamesIt() throws IOException {
        Checkpoints store = new Checkpoints(out.resolve("checkpoints"), 3);
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                store.save(
                                        9,
                                        dir -> {
                                            Files.writeString(dir.resolve("model.params"), "half");
                                            throw new IOException("No space left on device");
                                        }));
        Path target = out.resolve("checkpoints").resolve(Checkpoints.name(9));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        try (var left = Files.list(out.resolve("checkpoints"))) {
            assertEquals(
                    List.of("step-00000004", "step-00000006"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}

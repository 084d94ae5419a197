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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
        c.secWeight = 0.1;
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
        edited.seed = 8;
        edited.batchSize = 4;
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
        edited.chunkSize = 4;
        Json.write(out.resolve("config.json"), edited);
        IOException e = resumeRefused();
        assertTrue(
                e.getMessage().contains("chunkSize (checkpoint null, config.json 4)"),
                e.getMessage());
    }

    @Test
    void withoutChecksumsEachFileAndFaultIsNamedByTheLoader() throws IOException {
        Path newest = checkpoints.get(1);
        Path older = checkpoints.get(0);
        for (Path p : checkpoints) { // checkpoints of an older SphereCLR
            Files.delete(p.resolve(Checksums.FILE));
        }
        truncate(newest.resolve(Checkpoints.OPTIMIZER_FILE));
        Files.writeString(older.resolve("sec-moving-mean.txt"), "");
        IOException e = resumeRefused();
        String m = e.getMessage();
        assertTrue(m.contains(newest.resolve(Checkpoints.OPTIMIZER_FILE) + ": cannot load"), m);
        assertTrue(m.contains(older.resolve("sec-moving-mean.txt") + ": not SEC's"), m);
        assertTrue(!m.contains("null"), m);
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

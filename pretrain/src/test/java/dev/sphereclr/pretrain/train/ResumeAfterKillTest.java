package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.run.Checkpoints;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.watch.MetricsRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed after its last step (during the export) or with a damaged history: the resume cleans
 * what the kill left, and the summary describes the whole run.
 */
class ResumeAfterKillTest {

    @TempDir Path tmp;

    private RunSummary finishedRun(PretrainConfig c, Path out) throws IOException {
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            return run.run();
        }
    }

    @Test
    void aResumeWithNoStepsLeftCleansTheExportAndSummarizesTheWholeRun() throws IOException {
        PretrainConfig c = TinyRuns.config();
        Path out = tmp.resolve("run");
        RunSummary whole = finishedRun(c, out);
        // A kill during the export: a partial new export, the old one moved aside, no summary.
        Files.delete(out.resolve("summary.json"));
        Files.move(out.resolve("encoder"), out.resolve(".encoder.old"));
        Files.writeString(
                Files.createDirectories(out.resolve(".encoder-123456"))
                        .resolve("encoder-0000.params"),
                "half");
        RunSummary resumed;
        try (PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            resumed = run.run();
        }
        assertEquals(whole.steps(), resumed.steps());
        assertEquals(whole.epochs(), resumed.epochs());
        assertEquals(whole.finalLoss(), resumed.finalLoss());
        assertEquals(whole.finalNormVariance(), resumed.finalNormVariance());
        assertEquals(whole.medianViewsPerSecond(), resumed.medianViewsPerSecond());
        Path last = new Checkpoints(out.resolve("checkpoints"), 3).latest().orElseThrow();
        double before = Json.read(last.resolve("state.json"), Checkpoints.State.class).wallSeconds;
        assertTrue(before > 0 && resumed.wallSeconds() > before, "the earlier process's time");
        String json = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
        assertFalse(json.contains("NaN"), json);
        assertFalse(Files.exists(out.resolve(".encoder-123456")), "partial export left");
        assertFalse(Files.exists(out.resolve(".encoder.old")), "old export left");
        assertEquals(Checksums.Status.VERIFIED, Checksums.verify(out.resolve("encoder")));
    }

    @Test
    void aMissingHistoryRestartsAtTheCheckpointAndADamagedOneIsRefusedByName() throws IOException {
        PretrainConfig c = TinyRuns.config();
        Path out = tmp.resolve("run");
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            run.run(6);
        }
        Path metrics = out.resolve("metrics.csv");
        byte[] history = Files.readAllBytes(metrics);
        Files.write(metrics, new byte[] {'s', 't', 'e', 'p', (byte) 0xff, '\n'});
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> {
                            try (PretrainRun run =
                                    PretrainRun.resume(out, TinyRuns.loader(c), null)) {
                                run.run();
                            }
                        });
        assertTrue(
                e.getMessage().startsWith(metrics + " is damaged: it is not UTF-8"),
                e.getMessage());
        Files.write(metrics, history);
        Files.delete(metrics);
        try (PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            run.run();
        }
        var rows = MetricsRow.readAll(metrics);
        assertEquals(7, rows.get(0).step(), "restarts after the checkpoint's step 6");
        assertEquals(c.budget.maxSteps, rows.get(rows.size() - 1).step());
        RunSummary s = Json.read(out.resolve("summary.json"), RunSummary.class);
        assertEquals(c.budget.maxSteps, s.steps());
    }
}

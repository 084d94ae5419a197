package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.watch.MetricsRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEC's linear ramp ({@code --sec-ramp}), as the SEC authors train: eta rises from 0 with the run's
 * progress, {@code eta_t = eta * t / T} at step t of T (0-based), and without the ramp stays eta.
 */
class SecRampTest {

    @TempDir Path tmp;

    private List<MetricsRow> run(boolean ramp) throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.sec.weight = 0.1;
        c.sec.ramp = ramp;
        c.run.logEvery = 1;
        Path out = tmp.resolve(ramp ? "ramp" : "flat");
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            run.run();
        }
        return MetricsRow.readAll(out.resolve("metrics.csv"));
    }

    @Test
    void theWeightRisesLinearlyFromZeroWithTheRunsProgress() throws IOException {
        List<MetricsRow> rows = run(true);
        int total = rows.size();
        assertEquals(12, total);
        for (MetricsRow row : rows) {
            double expected = 0.1 * (row.step() - 1) / total;
            assertEquals(expected, row.weight("sec"), 1e-4 * 0.1, "eta at step " + row.step());
            // The total the optimizer saw carries the ramped weight, not the full one.
            assertEquals(
                    row.contrastive() + expected * row.penalty("sec"),
                    row.loss(),
                    1e-4 * Math.max(1, row.loss()),
                    "loss at step " + row.step());
        }
        for (MetricsRow row : run(false)) {
            assertEquals(0.1, row.weight("sec"), 1e-9, "no ramp: eta at step " + row.step());
        }
    }
}

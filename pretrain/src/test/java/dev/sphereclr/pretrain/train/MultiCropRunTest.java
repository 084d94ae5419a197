package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.watch.MetricsRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiCropRunTest {

    @TempDir Path tmp;

    @Test
    void aRunWithSmallCropsTrainsOnEveryView() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.data.smallCrops = 2;
        c.data.smallCropSize = 8;
        c.budget.maxSteps = 3;
        c.sec.weight = 0.1;
        BatchSource views =
                BatchLoader.builder()
                        .setDataset(TinyRuns.blocks(32, c.data.imageSize))
                        .setTransform(RunAssembly.views(c, c.data.imageSize))
                        .setBatchSize(c.budget.batchSize)
                        .optSeed(c.run.seed)
                        .optWorkers(1)
                        .build();
        RunSummary summary;
        try (PretrainRun run = PretrainRun.create(c, tmp.resolve("run"), views)) {
            summary = run.run();
        }
        assertEquals(3, summary.steps());
        assertTrue(Double.isFinite(summary.finalLoss()), "loss " + summary.finalLoss());
        List<MetricsRow> rows = MetricsRow.readAll(tmp.resolve("run/metrics.csv"));
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).contrastive() > 0);
    }

    @Test
    void smallCropsAreRefusedForMoCoAndAboveTheImageSize() {
        PretrainConfig c = TinyRuns.config();
        c.data.smallCrops = 2;
        c.data.smallCropSize = 24;
        var e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(e.getMessage().contains("--small-crop-size"), e.getMessage());
        c.data.smallCropSize = 8;
        c.method.kind = PretrainConfig.Method.MOCOV2;
        e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(e.getMessage().contains("--small-crops"), e.getMessage());
    }
}

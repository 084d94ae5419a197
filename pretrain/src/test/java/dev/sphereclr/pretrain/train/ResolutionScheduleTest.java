package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.ResolutionSchedule;
import dev.sphereclr.pretrain.watch.StepEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolutionScheduleTest {

    @TempDir Path tmp;

    @Test
    void eachPhaseStartsAtItsFractionOfTheRun() {
        ResolutionSchedule s =
                ResolutionSchedule.parse("--resolution-schedule", "16@0,24@0.3,32@0.7", 32);
        assertEquals(16, s.sizeAt(0));
        assertEquals(16, s.sizeAt(0.2999));
        assertEquals(24, s.sizeAt(0.3));
        assertEquals(24, s.sizeAt(0.6999));
        assertEquals(32, s.sizeAt(0.7));
        assertEquals(32, s.sizeAt(1));
        assertEquals("16@0.0,24@0.3,32@0.7", s.toString());
    }

    @Test
    void aBadScheduleIsRefusedNamingTheOptionAndTheFault() {
        for (String[] bad :
                new String[][] {
                    {"16@0.1,32@0.5", "start at 0"},
                    {"16@0,24@0.5", "image size, 32"},
                    {"16@0,24@0.6,32@0.5", "increasing"},
                    {"16@0,32@1", "increasing order below 1"},
                    {"4@0,32@0.5", "8..32"},
                    {"16,32@0.5", "SIZE@FROM"}
                }) {
            var e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ResolutionSchedule.parse("--resolution-schedule", bad[0], 32));
            assertTrue(
                    e.getMessage().startsWith("--resolution-schedule " + bad[0]), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
        PretrainConfig c = TinyRuns.config();
        c.data.resolutionSchedule = "8@0,12@0.5";
        var e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(e.getMessage().contains("--resolution-schedule"), e.getMessage());
    }

    @Test
    void theSwitchChangesTheViewsOnlyWhenThePhaseChanges() {
        List<Integer> sizes = new ArrayList<>();
        BatchSource recorder =
                new BatchSource() {
                    @Override
                    public Batch next() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public void start(int epoch, int position) {}

                    @Override
                    public int batchesPerEpoch() {
                        return 10;
                    }

                    @Override
                    public void setTransform(MultiViewTransform transform) {
                        sizes.add(transform.size());
                    }

                    @Override
                    public void close() {}
                };
        ResolutionSchedule s = ResolutionSchedule.parse("--resolution-schedule", "16@0,32@0.5", 32);
        ResolutionSwitch sw =
                new ResolutionSwitch(
                        s, recorder, size -> MultiViewTransform.of(Presets.simclrCifar(size), 2));
        sw.apply(0, 0);
        for (int step = 1; step <= 10; step++) {
            sw.afterStep(new StepEvent(step, 0, false, 0, step / 10.0, 0.1, null, 1, 0));
        }
        assertEquals(List.of(16, 32), sizes);
    }

    @Test
    void aRunWithAScheduleTrainsAtBothSizesAndExportsTheFullSize() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.data.resolutionSchedule = "8@0,16@0.5";
        c.budget.maxSteps = 6;
        try (PretrainRun run = PretrainRun.create(c, tmp.resolve("run"), TinyRuns.loader(c))) {
            assertEquals(6, run.run().steps());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("run/encoder/manifest.json")));
        assertTrue(Files.readString(tmp.resolve("run/config.json")).contains("8@0,16@0.5"));
    }
}

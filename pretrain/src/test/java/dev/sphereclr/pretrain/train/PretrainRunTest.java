package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.loader.RandomBatches;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.run.Checkpoints;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.watch.ProcessStats;
import dev.sphereclr.pretrain.watch.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PretrainRunTest {

    @TempDir Path tmp;

    static List<double[]> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .skip(1)
                .map(
                        l ->
                                Arrays.stream(l.split(",", -1))
                                        .limit(11)
                                        .mapToDouble(Double::parseDouble)
                                        .toArray())
                .toList();
    }

    static float[] encoderParameters(PretrainRun run) {
        return run.model().encoder().getParameters().values().stream()
                .map(p -> p.getArray().toFloatArray())
                .reduce(
                        new float[0],
                        (a, b) -> {
                            float[] c = Arrays.copyOf(a, a.length + b.length);
                            System.arraycopy(b, 0, c, a.length, b.length);
                            return c;
                        });
    }

    @Test
    void theLossFallsAndTheRunFolderIsComplete() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.budget.maxSteps = 100;
        c.optimizer.lr = 0.2;
        c.run.checkpointEvery = 25;
        c.run.keepCheckpoints = 2;
        Path out = tmp.resolve("run");
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            RunSummary summary = run.run();
            assertEquals(100, summary.steps());
        }
        List<double[]> rows = metrics(out);
        assertEquals(100, rows.size());
        double first = rows.subList(0, 10).stream().mapToDouble(r -> r[3]).average().orElseThrow();
        double last = rows.subList(90, 100).stream().mapToDouble(r -> r[3]).average().orElseThrow();
        assertTrue(last < first - 0.1, "loss " + first + " -> " + last);
        double chance = Math.log(2 * c.budget.batchSize - 1);
        assertTrue(last < chance - 0.05, "ends below chance level " + chance + ": " + last);

        assertEquals(
                List.of("step-00000075", "step-00000100"),
                Files.list(out.resolve("checkpoints"))
                        .map(p -> p.getFileName().toString())
                        .sorted()
                        .toList());
        EncoderManifest manifest =
                Json.read(out.resolve("encoder/manifest.json"), EncoderManifest.class);
        assertEquals(EncoderManifest.FORMAT_VERSION, manifest.formatVersion);
        assertEquals("resnet18", manifest.architecture);
        assertEquals("cifar", manifest.stem);
        assertEquals(128, manifest.featureSize);
        assertEquals(100.0, ((Number) manifest.provenance.get("steps")).doubleValue());
        assertTrue(Files.size(out.resolve("encoder/encoder-0000.params")) > 1000);
        RunSummary summary = Json.read(out.resolve("summary.json"), RunSummary.class);
        assertEquals(7, summary.seed());
        assertTrue(summary.medianViewsPerSecond() > 0);
        assertTrue(summary.versions().containsKey("djl"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "cpu,cpu") // replicas: the copy takes the resumed parameters
    void aResumedRunEndsWithTheSameParametersAsAnUninterruptedOne(String devices)
            throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.run.devices = devices;
        c.sec.weight = 0.1;
        c.sec.momentum = 0.5;
        c.optimizer.kind = dev.sphereclr.pretrain.optim.Optimizer.Kind.LARS;
        c.optimizer.lr = 0.5;
        float[] straight;
        try (PretrainRun run = PretrainRun.create(c, tmp.resolve("straight"), TinyRuns.loader(c))) {
            run.run();
            straight = encoderParameters(run);
        }
        Path out = tmp.resolve("interrupted");
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            run.run(6); // stops after a checkpoint at step 4 and one at the stop
        }
        float[] resumed;
        try (PretrainRun run = PretrainRun.resume(out, TinyRuns.loader(c), null)) {
            assertEquals(6, run.step());
            run.run();
            resumed = encoderParameters(run);
        }
        assertArrayEquals(straight, resumed);
        List<double[]> a = metrics(tmp.resolve("straight"));
        List<double[]> b = metrics(out);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i)[3], b.get(i)[3], 1e-9, "loss at step " + (i + 1));
        }
    }

    @Test
    void nativeMemoryStaysFlatOver150StepsAfterWarmUp() throws IOException {
        PretrainConfig c = TinyRuns.config();
        // Wide enough that leaking one copy of the parameters a step (2.8 MB) would add 420 MB,
        // far above what the JIT and the allocator's caches add while settling (tens of MB).
        c.model.width = 0.25;
        c.budget.maxSteps = 300;
        c.run.checkpointEvery = 1000;
        try (PretrainRun run =
                PretrainRun.create(c, tmp.resolve("flat"), new RandomBatches(8, 2, 16, 50, 1))) {
            run.run(150);
            int arrays = liveArrays(run);
            long before = nativeBytes();
            run.run(300);
            assertEquals(arrays, liveArrays(run), "arrays alive after 150 and after 300 steps");
            long growth = nativeBytes() - before;
            assertTrue(
                    growth < 48L << 20,
                    "native memory grew by " + (growth >> 20) + " MB over 150 steps");
        }
    }

    /**
     * Arrays alive under the run's manager (the one its parameters live in): a leak shows as
     * growth.
     */
    static int liveArrays(PretrainRun run) {
        return run.model()
                .getParameters()
                .valueAt(0)
                .getArray()
                .getManager()
                .getManagedArrays()
                .size();
    }

    /** RSS less the JVM's own committed memory (the test JVM pre-touches a fixed heap). */
    static long nativeBytes() {
        System.gc();
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        return ProcessStats.rss()
                - memory.getHeapMemoryUsage().getCommitted()
                - memory.getNonHeapMemoryUsage().getCommitted();
    }

    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.run.checkpointEvery = 3;
        BatchSource poisoned =
                new BatchSource() {
                    final RandomBatches inner = new RandomBatches(8, 2, 16, 50, 1);
                    int served;

                    @Override
                    public Batch next() {
                        Batch b = inner.next();
                        if (++served == 5) {
                            Arrays.fill(b.views()[0], Float.NaN);
                        }
                        return b;
                    }

                    @Override
                    public void start(int epoch, int position) {
                        inner.start(epoch, position);
                    }

                    @Override
                    public int batchesPerEpoch() {
                        return inner.batchesPerEpoch();
                    }

                    @Override
                    public void close() {}
                };
        Path out = tmp.resolve("nan");
        try (PretrainRun run = PretrainRun.create(c, out, poisoned)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, run::run);
            assertTrue(e.getMessage().contains("NaN at step 5"), e.getMessage());
            // The input was poisoned, not the model: the message says the parameters are finite.
            assertTrue(e.getMessage().contains("every parameter is finite"), e.getMessage());
            assertTrue(e.getMessage().contains("step-00000003"), e.getMessage());
        }
        assertEquals(
                List.of("step-00000003"),
                Files.list(out.resolve("checkpoints"))
                        .map(p -> p.getFileName().toString())
                        .toList());
        assertFalse(Files.exists(out.resolve("encoder")));
    }

    /** A clock that advances 50 ms each time it is read: budget runs become deterministic. */
    static java.util.function.LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 50_000_000L;
    }

    @Test
    void aBudgetRunStopsWhenItsTimeIsSpentAndResumesWithTheTimeLeft() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.budget.maxSteps = 0;
        c.budget.epochs = 1;
        c.budget.minutes = 0.05; // 3 s of the fake clock: about 20 steps, where the epoch has 6
        c.budget.budgetWarmup = 0.25;
        c.run.checkpointEvery = 1_000_000;
        Path whole = tmp.resolve("whole");
        RunSummary uninterrupted;
        try (PretrainRun run = PretrainRun.create(c, whole, new RandomBatches(8, 2, 16, 50, 1))) {
            run.useClock(fakeClock());
            uninterrupted = run.run();
        }
        assertTrue(uninterrupted.steps() > 6, "the budget, not the epochs, ends the run");
        assertTrue(Files.isRegularFile(whole.resolve("encoder/manifest.json")));
        List<double[]> rows = metrics(whole);
        assertEquals(uninterrupted.steps(), rows.size());
        // Column 2 is the learning rate: it rises through the warm-up, then falls towards 0.
        double peak = rows.stream().mapToDouble(r -> r[2]).max().orElseThrow();
        assertEquals(0.05, peak, 0.01);
        assertEquals(0.0, rows.get(0)[2], 1e-12);
        assertTrue(rows.get(rows.size() - 1)[2] < peak / 4, "ends near the final rate");

        Path split = tmp.resolve("split");
        try (PretrainRun run = PretrainRun.create(c, split, new RandomBatches(8, 2, 16, 50, 1))) {
            run.useClock(fakeClock());
            run.run(3);
        }
        assertFalse(Files.exists(split.resolve("summary.json")), "stopped early: not finished");
        double spent =
                Json.read(
                                new Checkpoints(split.resolve("checkpoints"), 3)
                                        .latest()
                                        .orElseThrow()
                                        .resolve(Checkpoints.STATE_FILE),
                                Checkpoints.State.class)
                        .trainedSeconds;
        assertTrue(spent > 0, "the checkpoint keeps the time spent");
        try (PretrainRun run =
                PretrainRun.resume(split, new RandomBatches(8, 2, 16, 50, 1), null)) {
            run.useClock(fakeClock());
            assertEquals(uninterrupted.steps(), run.run().steps(), "resumed with the time left");
        }
        List<double[]> resumed = metrics(split);
        assertEquals(rows.size(), resumed.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i)[2], resumed.get(i)[2], 1e-9, "lr of step " + (i + 1));
        }
    }

    @Test
    void anExistingRunIsNeverOverwritten() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.budget.maxSteps = 4;
        Path out = tmp.resolve("once");
        try (PretrainRun run = PretrainRun.create(c, out, new RandomBatches(8, 2, 16, 50, 1))) {
            run.run();
        }
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> PretrainRun.create(c, out, new RandomBatches(8, 2, 16, 50, 1)));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        assertTrue(Files.exists(out.resolve("checkpoints/step-00000004/model.params")));
    }

    @Test
    void bothBatchLayoutsTakeTheSameStep() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.budget.maxSteps = 1;
        float[][] params = new float[2][];
        int k = 0;
        for (String layout : List.of("channels-first", "channels-last")) {
            c.run.layout = layout;
            try (PretrainRun run = PretrainRun.create(c, tmp.resolve(layout), TinyRuns.loader(c))) {
                run.run();
                params[k++] = encoderParameters(run);
            }
        }
        // Different kernels round differently, by about 1e-7 relative; a wrong gradient anywhere
        // would show as 1e-2 or more. (Over more steps this tiny model amplifies rounding: by step
        // 3 the two runs' losses are 1e-2 apart while each layout repeats itself exactly.)
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < params[0].length; i++) {
            diff += Math.pow(params[0][i] - params[1][i], 2);
            norm += Math.pow(params[0][i], 2);
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-5, "relative difference " + Math.sqrt(diff / norm));
        double first = metrics(tmp.resolve("channels-first")).get(0)[3];
        double last = metrics(tmp.resolve("channels-last")).get(0)[3];
        assertEquals(first, last, 1e-5 * first, "loss of the first step");
    }

    @Test
    void anAutoLayoutIsMeasuredWrittenDownAndLeavesTheSeededStartAlone() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.run.layout = "auto";
        Path out = tmp.resolve("auto");
        float[] start;
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
            start = encoderParameters(run);
        }
        PretrainConfig written = Json.read(out.resolve("config.json"), PretrainConfig.class);
        assertTrue(
                List.of("channels-first", "channels-last").contains(written.run.layout),
                "config.json holds layout " + written.run.layout);
        PretrainConfig fixed = TinyRuns.config();
        fixed.run.layout = written.run.layout;
        try (PretrainRun run =
                PretrainRun.create(fixed, tmp.resolve("fixed"), TinyRuns.loader(fixed))) {
            assertArrayEquals(start, encoderParameters(run), "the probe moved the seeded start");
        }
    }

    @Test
    void aLayoutReportReadsBackAndABrokenOneIsNamed() {
        var c = LayoutProbe.parse("LAYOUT channels-last 0.5 0.25");
        assertEquals(dev.sphereclr.encoder.nn.TensorLayout.CHANNELS_LAST, c.layout());
        assertEquals(0.5, c.seconds().get(dev.sphereclr.encoder.nn.TensorLayout.CHANNELS_FIRST));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LayoutProbe.parse("LAYOUT x"));
        assertTrue(e.getMessage().contains("LAYOUT x"), e.getMessage());
    }

    @Test
    void aWidthWithChannelCountsTheCpuGetsWrongIsRefused() {
        PretrainConfig c = TinyRuns.config();
        c.model.width = 0.375; // 24, 48, 96, 192 channels
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(
                e.getMessage().contains("--width = 0.375 gives convolutions of 24 channels"),
                e.getMessage());
        assertTrue(e.getMessage().contains("multiple of 0.25"), e.getMessage());
        c.run.device = "gpu"; // the CPU kernels' fault: a GPU run may use it
        c.validate();
        c.run.device = "cpu";
        c.model.width = 0.75;
        c.validate();
    }

    @Test
    void invalidSettingsAreRefusedByNameBeforeAnyWork() {
        PretrainConfig c = TinyRuns.config();
        c.budget.batchSize = 1;
        c.method.temperature = -1;
        c.sec.momentum = 0;
        c.run.layout = "nhwc";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(
                e.getMessage().contains("--layout = nhwc is outside its legal range: auto,"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--batch-size = 1"), e.getMessage());
        assertTrue(e.getMessage().contains("--temperature = -1.0"), e.getMessage());
        assertTrue(
                e.getMessage().contains("--sec-momentum = 0.0 is outside its legal range: (0, 1]"),
                e.getMessage());
        PretrainConfig m = TinyRuns.config();
        m.method.kind = PretrainConfig.Method.MOCOV2;
        m.method.queueSize = 20;
        e = assertThrows(IllegalArgumentException.class, m::validate);
        assertTrue(
                e.getMessage().contains("--queue-size = 20")
                        && e.getMessage().contains("batch size 8"),
                e.getMessage());
    }

    @Test
    void secPullsTheProjectionNormsTogether() throws IOException {
        double[] variance = new double[2];
        for (int i = 0; i < 2; i++) {
            PretrainConfig c = TinyRuns.config();
            c.budget.maxSteps = 40;
            c.run.checkpointEvery = 1000;
            c.sec.weight = i == 0 ? 0 : 1.0;
            Path out = tmp.resolve("sec" + i);
            try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c))) {
                run.run();
            }
            variance[i] =
                    metrics(out).subList(30, 40).stream()
                            .mapToDouble(r -> r[8])
                            .average()
                            .orElseThrow();
        }
        assertTrue(
                variance[1] < 0.5 * variance[0],
                "norm variance without SEC " + variance[0] + ", with " + variance[1]);
    }
}

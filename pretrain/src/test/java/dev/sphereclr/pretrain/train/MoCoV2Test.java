package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.method.MoCoV2;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoCoV2Test {

    @TempDir Path tmp;

    static PretrainConfig config() {
        PretrainConfig c = TinyRuns.config();
        c.method.kind = PretrainConfig.Method.MOCOV2;
        // MoCo assumes far more images than queued keys: 64 images, 16 keys (two batches).
        c.method.queueSize = 16;
        c.method.keyMomentum = 0.9;
        c.method.temperature = 0.2;
        c.method.shuffleGroups = 2;
        return c;
    }

    @Test
    void theKeyEncoderIsAnAverageOfTheQueryAndTheQueueTurnsOver() throws IOException {
        PretrainConfig c = config();
        c.budget.maxSteps = 5;
        try (PretrainRun run = PretrainRun.create(c, tmp.resolve("moco"), TinyRuns.loader(c, 64))) {
            MoCoV2 moco = (MoCoV2) methodOf(run);
            List<TrainableParameter> q = TrainableParameter.of(moco.model());
            List<TrainableParameter> k = TrainableParameter.of(moco.keyModel());
            assertArrayEquals(
                    q.get(0).array().toFloatArray(),
                    k.get(0).array().toFloatArray(),
                    "the key encoder starts as a copy");
            float[] queueBefore = moco.queue().toFloatArray();
            float[] query0 = q.get(0).array().toFloatArray();
            run.run(1);
            // After one step: key = m * key0 + (1 - m) * query1, with key0 = query0. A swapped
            // m and 1 - m, or an average taken before the optimizer's step, fails this.
            float[] query1 = q.get(0).array().toFloatArray();
            float[] key = k.get(0).array().toFloatArray();
            double m = c.method.keyMomentum;
            boolean moved = false;
            for (int i = 0; i < key.length; i++) {
                double expected = m * query0[i] + (1 - m) * query1[i];
                assertEquals(expected, key[i], 1e-6 * Math.max(1, Math.abs(expected)), "key " + i);
                moved |= query1[i] != query0[i];
            }
            assertTrue(moved, "the query encoder took a step");
            float[] queueAfter = moco.queue().toFloatArray();
            int d = c.model.headOut;
            for (int row = 0; row < 16; row++) {
                boolean changed = false;
                for (int j = 0; j < d; j++) {
                    changed |= queueAfter[row * d + j] != queueBefore[row * d + j];
                }
                assertEquals(row < 8, changed, "queue row " + row);
            }
            NDArray norms = moco.queue().square().sum(new int[] {1}).sqrt();
            for (float norm : norms.toFloatArray()) {
                assertEquals(1f, norm, 1e-5f);
            }
            assertTrue(
                    moco.keyModel().getParameters().values().stream()
                            .noneMatch(
                                    p ->
                                            p.getArray().hasGradient()
                                                    && p.getArray()
                                                                    .getGradient()
                                                                    .abs()
                                                                    .sum()
                                                                    .getFloat()
                                                            > 0),
                    "no gradient reaches the key encoder");
        }
    }

    @Test
    void aResumedMoCoRunEqualsAnUninterruptedOne() throws IOException {
        PretrainConfig c = config();
        c.budget.maxSteps = 8;
        c.method.symmetricLoss = true;
        c.method.keyMomentumCosine = true;
        c.sec.weight = 0.05;
        float[] straight;
        float[] straightQueue;
        try (PretrainRun run = PretrainRun.create(c, tmp.resolve("a"), TinyRuns.loader(c, 64))) {
            run.run();
            straight = PretrainRunTest.encoderParameters(run);
            straightQueue = ((MoCoV2) methodOf(run)).queue().toFloatArray();
        }
        try (PretrainRun run = PretrainRun.create(c, tmp.resolve("b"), TinyRuns.loader(c, 64))) {
            run.run(5);
        }
        try (PretrainRun run = PretrainRun.resume(tmp.resolve("b"), TinyRuns.loader(c, 64), null)) {
            run.run();
            assertArrayEquals(straight, PretrainRunTest.encoderParameters(run));
            assertArrayEquals(straightQueue, ((MoCoV2) methodOf(run)).queue().toFloatArray());
        }
    }

    @Test
    void theInfoNceLossFalls() throws IOException {
        PretrainConfig c = config();
        c.budget.maxSteps = 60;
        c.run.checkpointEvery = 1000;
        Path out = tmp.resolve("falls");
        try (PretrainRun run = PretrainRun.create(c, out, TinyRuns.loader(c, 64))) {
            run.run();
        }
        List<double[]> rows = PretrainRunTest.metrics(out);
        double first = rows.subList(0, 10).stream().mapToDouble(r -> r[4]).average().orElseThrow();
        double last = rows.subList(50, 60).stream().mapToDouble(r -> r[4]).average().orElseThrow();
        assertTrue(last < first - 0.2, "InfoNCE " + first + " -> " + last);
    }

    @Test
    void underABudgetTheCosineKeyMomentumFollowsTheClockNotTheConfiguredEpochs()
            throws IOException {
        PretrainConfig c = config();
        c.budget.maxSteps = 0;
        c.budget.epochs = 1; // 8 steps; the budget (3 s of the fake clock) allows about 20
        c.budget.minutes = 0.05;
        c.method.keyMomentumCosine = true;
        c.method.keyMomentum = 0.5;
        c.run.checkpointEvery = 1_000_000;
        try (PretrainRun run =
                PretrainRun.create(c, tmp.resolve("budget"), TinyRuns.loader(c, 64))) {
            run.useClock(PretrainRunTest.fakeClock());
            MoCoV2 moco = (MoCoV2) methodOf(run);
            assertEquals(0.5, moco.momentumAt(0), 1e-12);
            assertEquals(0.75, moco.momentumAt(0.5), 1e-12);
            assertEquals(1.0, moco.momentumAt(1), 1e-12);
            run.run(12); // past the configured epoch, where a step-based schedule reaches 1
            float[] before = TrainableParameter.of(moco.keyModel()).get(0).array().toFloatArray();
            run.run(13);
            float[] after = TrainableParameter.of(moco.keyModel()).get(0).array().toFloatArray();
            assertFalse(
                    java.util.Arrays.equals(before, after),
                    "the key encoder still follows the query within the budget");
        }
    }

    static Object methodOf(PretrainRun run) {
        return run.method();
    }
}

package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.augment.loader.RandomBatches;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A training step reads nothing back from the device unless the loss is asked for, and then once:
 * each read would stall a GPU's queue, in one pass or in chunks. Counted at the one place every
 * read passes through.
 */
class StepHostReadsTest {

    @BeforeAll
    static void countReads() {
        HostReads.install();
    }

    @Test
    void theCounterSeesAReadSoThisTestCanFail() {
        try (NDManager m = NDManager.newBaseManager()) {
            long before = HostReads.COUNT.get();
            m.ones(new Shape(2)).sum().getFloat();
            assertEquals(1, HostReads.COUNT.get() - before);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "SIMCLR, LARS, 0,",
        "SIMCLR, SGD, 0,",
        "SIMCLR, ADAMW, 0,",
        "MOCOV2, LARS, 0,",
        "SIMCLR, LARS, 4,",
        "MOCOV2, SGD, 2,",
        "SIMCLR, LARS, 4, 'cpu,cpu'"
    })
    void aStepReadsNothingUnlessAskedAndOnceWhenAsked(
            PretrainConfig.Method method, Optimizer.Kind optimizer, int chunk, String devices)
            throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.method.kind = method;
        c.optimizer.kind = optimizer;
        c.sec.weight = 0.1;
        c.sec.momentum = 0.9; // the moving mean: state carried from step to step
        c.method.queueSize = 32;
        c.method.shuffleGroups = 2;
        c.run.devices = devices;
        try (NDManager m = NDManager.newBaseManager()) {
            RunAssembly parts = RunAssembly.build(c, m, new RandomBatches(8, 2, 16, 50, 1));
            parts.source().start(0, 0);
            try (TrainingStep step =
                    new TrainingStep(
                            m,
                            parts.uploads(),
                            parts.objective(),
                            parts.optimizer(),
                            parts.params(),
                            chunk,
                            parts.replicas())) {
                for (int s = 0; s < 4; s++) {
                    long before = HostReads.COUNT.get();
                    step.run(parts.source().next(), s, 0.1, s / 10.0, false);
                    assertEquals(0, HostReads.COUNT.get() - before, "reads in step " + s);
                }
                long before = HostReads.COUNT.get();
                step.run(parts.source().next(), 4, 0.1, 0.4, true);
                step.values(); // the metrics row and the listeners share the one read
                assertEquals(1, HostReads.COUNT.get() - before, "reads in a logged step");
            } finally {
                parts.objective().close();
                parts.optimizer().close();
                parts.source().close();
            }
        }
    }
}

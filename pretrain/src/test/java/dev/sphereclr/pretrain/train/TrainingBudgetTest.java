package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;

class TrainingBudgetTest {

    @Test
    void aStepBudgetEndsAtItsStepsAndItsScheduleAtTheFinalRatio() {
        PretrainConfig c = TinyRuns.config();
        c.budget.maxSteps = 100;
        c.optimizer.lr = 0.5;
        c.optimizer.lrScaling = LearningRateSchedule.Scaling.NONE;
        c.optimizer.finalLrRatio = 0.001;
        TrainingBudget b = TrainingBudget.of(c, 10);
        assertEquals(0.5, b.learningRate(0, 0), 1e-12);
        assertEquals(0.5 * 0.001, b.learningRate(100, 1), 1e-12);
        assertFalse(b.finished(99, 1e9));
        assertTrue(b.finished(100, 0));
        assertEquals(0.5, b.progress(50, 0), 1e-12);
    }

    @Test
    void aWallClockBudgetEndsAtItsTimeWhateverTheSteps() {
        PretrainConfig c = TinyRuns.config();
        c.budget.minutes = 2;
        c.optimizer.lr = 0.5;
        c.optimizer.lrScaling = LearningRateSchedule.Scaling.NONE;
        c.optimizer.finalLrRatio = 0.01;
        TrainingBudget b = TrainingBudget.of(c, 10);
        assertFalse(b.finished(1_000_000, 119.9));
        assertTrue(b.finished(1, 120));
        assertEquals(0.25, b.progress(7, 30), 1e-12);
        assertEquals(0.5 * 0.01, b.learningRate(7, 1.0), 1e-12);
    }
}

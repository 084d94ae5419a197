package dev.sphereclr.pretrain.train;

import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.watch.ProgressBar;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a run trains and how its learning rate moves over that time: a number of steps, or a
 * wall-clock budget ({@code --minutes}) whose number of steps is not known in advance. Progress is
 * the fraction done (of the steps, or of the time spent training); the schedule, SEC's ramp and
 * MoCo's momentum follow it.
 */
public sealed interface TrainingBudget {

    /** Whether a run that has done {@code step} steps in {@code seconds} of training is over. */
    boolean finished(long step, double seconds);

    /** The fraction of the run done, in [0, 1]. */
    double progress(long step, double seconds);

    /** The learning rate of the step after {@code step} steps, at {@code progress}. */
    double learningRate(long step, double progress);

    /** The schedule's peak rate. */
    double peakLearningRate();

    /** The terminal's view of this budget, from {@code step} on. */
    ProgressBar progressBar(long step);

    /**
     * A fixed number of steps, warm-up and cosine decay by step.
     *
     * @param total the step the run ends at
     * @param schedule the learning rate by step
     */
    record Steps(long total, LearningRateSchedule schedule) implements TrainingBudget {

        @Override
        public boolean finished(long step, double seconds) {
            return step >= total;
        }

        @Override
        public double progress(long step, double seconds) {
            return Math.min(1.0, (double) step / total);
        }

        @Override
        public double learningRate(long step, double progress) {
            return schedule.at(step);
        }

        @Override
        public double peakLearningRate() {
            return schedule.peak();
        }

        @Override
        public ProgressBar progressBar(long step) {
            return new ProgressBar(step, total);
        }

        @Override
        public String toString() {
            return total + " steps";
        }
    }

    /**
     * A wall-clock budget, warm-up and cosine decay by the fraction of the time spent.
     *
     * @param seconds the budget
     * @param warmupFraction the fraction of the budget spent warming up
     * @param schedule the learning rate by fraction
     */
    record WallClock(double seconds, double warmupFraction, LearningRateSchedule schedule)
            implements TrainingBudget {

        @Override
        public boolean finished(long step, double spent) {
            return spent >= seconds;
        }

        @Override
        public double progress(long step, double spent) {
            return Math.min(1.0, spent / seconds);
        }

        @Override
        public double learningRate(long step, double progress) {
            return schedule.atFraction(progress, warmupFraction);
        }

        @Override
        public double peakLearningRate() {
            return schedule.peak();
        }

        @Override
        public ProgressBar progressBar(long step) {
            return ProgressBar.forBudget(step, seconds);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.4g minutes", seconds / 60);
        }
    }

    /** The budget {@code config} asks for, with {@code stepsPerEpoch} batches an epoch. */
    static TrainingBudget of(PretrainConfig config, int stepsPerEpoch) {
        double peak =
                config.optimizer.lrScaling.apply(config.optimizer.lr, config.budget.batchSize);
        double last = peak * config.optimizer.finalLrRatio;
        long epochSteps = (long) config.budget.epochs * stepsPerEpoch;
        long total =
                config.budget.maxSteps > 0
                        ? Math.min(config.budget.maxSteps, epochSteps)
                        : epochSteps;
        if (config.budget.minutes > 0) {
            return new WallClock(
                    config.budget.minutes * 60,
                    config.budget.budgetWarmup,
                    new LearningRateSchedule(peak, last, 0, Math.max(total, 1)));
        }
        long warmup = Math.round(config.optimizer.warmupEpochs * stepsPerEpoch);
        if (warmup >= total) {
            long capped = total / 10;
            Logger log = LoggerFactory.getLogger(TrainingBudget.class);
            log.warn(
                    "--warmup-epochs {} is {} steps, not shorter than the run's {}; warming up for {}"
                            + " steps instead",
                    config.optimizer.warmupEpochs,
                    warmup,
                    total,
                    capped);
            warmup = capped;
        }
        return new Steps(
                total, new LearningRateSchedule(peak, last, warmup, Math.max(total, warmup + 1)));
    }
}

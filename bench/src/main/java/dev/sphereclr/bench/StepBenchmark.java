package dev.sphereclr.bench;

import com.google.common.math.Quantiles;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.loader.RandomBatches;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.pretrain.watch.MetricsRow;
import dev.sphereclr.pretrain.watch.ProcessStats;
import dev.sphereclr.runtime.io.DurableFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times training steps: on random input (the model, loss and optimizer alone) or on the configured
 * dataset through the loader (end to end). Reads per-step times from the run's metrics.
 */
public final class StepBenchmark {

    /**
     * The figures of one measurement.
     *
     * @param name what was measured
     * @param viewsPerSecond median over the timed steps
     * @param medianStepSeconds median step time
     * @param steps timed steps
     * @param peakRssMb peak resident memory of this process
     */
    public record Result(
            String name,
            double viewsPerSecond,
            double medianStepSeconds,
            int steps,
            long peakRssMb) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "RESULT ours %s views/s(median)=%.1f median_step_s=%.3f steps=%d peakRSS_MB=%d",
                    name,
                    viewsPerSecond,
                    medianStepSeconds,
                    steps,
                    peakRssMb);
        }

        /**
         * This end-to-end result followed by {@code step}, the random-input step timed afterwards
         * in the same process, and the fraction {@code of_own_step} this result's rate is of it.
         */
        public String withOwnStep(Result step) {
            return String.format(
                    Locale.ROOT,
                    "%s step_views_per_s=%.1f of_own_step=%.3f",
                    this,
                    step.viewsPerSecond(),
                    viewsPerSecond / step.viewsPerSecond());
        }
    }

    private StepBenchmark() {}

    /**
     * Runs {@code warmup + steps} steps of {@code config} and returns the median of the last {@code
     * steps}.
     *
     * @param randomInput true for random views, false for the configured dataset and loader
     */
    public static Result run(PretrainConfig config, int warmup, int steps, boolean randomInput)
            throws IOException {
        PretrainConfig c = config.copy();
        c.budget.maxSteps = warmup + steps;
        c.budget.epochs = Math.max(c.budget.epochs, 1);
        c.optimizer.warmupEpochs = 0;
        c.run.checkpointEvery = Integer.MAX_VALUE;
        Path out = Files.createTempDirectory("sphereclr-bench");
        try {
            BatchSource source =
                    randomInput
                            ? new RandomBatches(
                                    c.budget.batchSize, 2, c.data.imageSize, 1000, c.run.seed)
                            : null;
            try (PretrainRun run = PretrainRun.create(c, out, source)) {
                run.run(warmup + steps);
            }
            List<MetricsRow> rows = MetricsRow.readAll(out.resolve("metrics.csv"));
            List<Double> speeds = new ArrayList<>();
            for (MetricsRow row : rows.subList(warmup, rows.size())) {
                speeds.add(row.viewsPerSecond());
            }
            double median = Quantiles.median().compute(speeds);
            return new Result(
                    (randomInput ? "train-step" : "e2e")
                            + " arch="
                            + c.model.arch
                            + " size="
                            + c.data.imageSize
                            + " batch="
                            + c.budget.batchSize,
                    median,
                    2.0 * c.budget.batchSize / median,
                    speeds.size(),
                    ProcessStats.peakRss() / (1024 * 1024));
        } finally {
            DurableFolders.deleteTree(out);
        }
    }
}

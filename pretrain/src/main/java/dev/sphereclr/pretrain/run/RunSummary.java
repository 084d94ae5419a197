package dev.sphereclr.pretrain.run;

import com.google.common.math.Quantiles;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.watch.MetricsRow;
import dev.sphereclr.pretrain.watch.ProcessStats;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: what a run did, over all the processes it took (a run resumed after a kill
 * is summarized as the uninterrupted run would be, but for its times). A value that was never
 * measured is {@code null}, never a bare {@code NaN}.
 *
 * @param finalLoss total loss of the last logged step
 * @param finalNormVariance variance of the projection norms at the last logged step
 * @param steps steps done
 * @param epochs epochs of data trained (steps / steps per epoch), whatever ended the run
 * @param wallSeconds wall time of the run's processes, up to each one's last checkpoint
 * @param medianViewsPerSecond median over the run's logged steps ({@code metrics.csv})
 * @param peakRssBytes the largest peak resident memory of the run's processes
 * @param encoder the exported encoder folder
 * @param config every setting
 * @param seed the seed
 * @param skippedImages unreadable training images left out ({@code --skip-bad-images})
 * @param versions libraries, JVM, OS, allocator
 * @param processes each process of the run: pid, start, cores seen, threads used
 */
public record RunSummary(
        Double finalLoss,
        Double finalNormVariance,
        long steps,
        double epochs,
        double wallSeconds,
        Double medianViewsPerSecond,
        long peakRssBytes,
        String encoder,
        PretrainConfig config,
        long seed,
        int skippedImages,
        Map<String, Object> versions,
        List<Map<String, Object>> processes) {

    /** The summary of a run whose {@code metrics.csv} holds {@code rows}. */
    public static RunSummary of(
            List<MetricsRow> rows,
            long steps,
            double epochs,
            double wallSeconds,
            long peakRssBytes,
            String encoder,
            PretrainConfig config,
            int skippedImages,
            List<Map<String, Object>> processes) {
        MetricsRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        List<Double> speeds =
                rows.stream().map(MetricsRow::viewsPerSecond).filter(Double::isFinite).toList();
        return new RunSummary(
                last == null ? null : finite(last.loss()),
                last == null ? null : finite(last.normVariance()),
                steps,
                epochs,
                wallSeconds,
                speeds.isEmpty() ? null : Quantiles.median().compute(speeds),
                peakRssBytes,
                encoder,
                config,
                config.run.seed,
                skippedImages,
                ProcessStats.versions(),
                processes);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}

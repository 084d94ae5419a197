package dev.sphereclr.pretrain.train;

import java.util.Map;

/**
 * {@code summary.json}: what a run did.
 *
 * @param finalLoss total loss of the last step
 * @param finalNormVariance variance of the projection norms at the last step
 * @param steps steps done
 * @param epochs epochs of data trained (steps / steps per epoch), whatever ended the run
 * @param wallSeconds time of this process's part of the run
 * @param medianViewsPerSecond median over the steps of this process
 * @param peakRssBytes peak resident memory of this process
 * @param encoder the exported encoder folder
 * @param config every setting
 * @param seed the seed
 * @param skippedImages unreadable training images left out ({@code --skip-bad-images})
 * @param versions libraries, JVM, OS, allocator
 */
public record RunSummary(
        double finalLoss,
        double finalNormVariance,
        long steps,
        double epochs,
        double wallSeconds,
        double medianViewsPerSecond,
        long peakRssBytes,
        String encoder,
        PretrainConfig config,
        long seed,
        int skippedImages,
        Map<String, Object> versions) {}

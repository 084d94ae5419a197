package dev.sphereclr.pretrain.optim;

/**
 * Linear warm-up from 0 to the peak rate over {@code warmupSteps}, then cosine decay to {@code
 * finalLr} at {@code totalSteps}, evaluated per step (SimCLR, appendix B.1). The peak rate comes
 * from the base rate scaled by batch size: linear ({@code base * B / 256}) or square root ({@code
 * base * sqrt(B)}).
 */
public final class LearningRateSchedule {

    /** How the base learning rate grows with the batch size. */
    public enum Scaling {
        /** \( \mathrm{lr} = \mathrm{base} \cdot B / 256 \). */
        LINEAR,
        /** \( \mathrm{lr} = \mathrm{base} \cdot \sqrt{B} \). */
        SQRT,
        /** The base rate as given. */
        NONE;

        /** The peak rate for batch size {@code batch}. */
        public double apply(double base, int batch) {
            return switch (this) {
                case LINEAR -> base * batch / 256.0;
                case SQRT -> base * Math.sqrt(batch);
                case NONE -> base;
            };
        }
    }

    /** Legal base rates, before scaling by the batch size. */
    public static final String BASE_RATE = "(0, 100]";

    /** Legal ratios of the final rate to the peak. */
    public static final String FINAL_RATIO = "[0, 1]";

    /** Legal warm-up lengths in epochs. */
    public static final String WARMUP_EPOCHS = "[0, 1000]";

    private final double peak;
    private final double finalLr;
    private final long warmupSteps;
    private final long totalSteps;

    /**
     * @param peak rate after warm-up, positive
     * @param finalLr rate at the end, in [0, peak]
     * @param warmupSteps steps of linear warm-up, in [0, totalSteps)
     * @param totalSteps steps of the whole run, positive
     */
    public LearningRateSchedule(double peak, double finalLr, long warmupSteps, long totalSteps) {
        if (!(peak > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + peak);
        }
        if (!(finalLr >= 0 && finalLr <= peak)) {
            throw new IllegalArgumentException(
                    "final learning rate must be in [0, " + peak + "], got " + finalLr);
        }
        if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException(
                    "warm-up steps must be in [0, "
                            + totalSteps
                            + ") and total steps positive, got "
                            + warmupSteps
                            + " of "
                            + totalSteps);
        }
        this.peak = peak;
        this.finalLr = finalLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /** The rate of 0-based step {@code step}. */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return finalLr + 0.5 * (peak - finalLr) * (1 + Math.cos(Math.PI * progress));
    }

    /**
     * The rate at {@code progress} in [0, 1] of a run measured in time rather than steps: linear
     * warm-up over the first {@code warmupFraction}, then cosine decay to the final rate at 1. This
     * is how a wall-clock budget runs, where the number of steps is not known in advance.
     */
    public double atFraction(double progress, double warmupFraction) {
        double p = Math.max(0.0, Math.min(1.0, progress));
        if (p < warmupFraction) {
            return peak * p / warmupFraction;
        }
        double decay = warmupFraction >= 1 ? 1.0 : (p - warmupFraction) / (1 - warmupFraction);
        return finalLr + 0.5 * (peak - finalLr) * (1 + Math.cos(Math.PI * decay));
    }

    /** The peak rate. */
    public double peak() {
        return peak;
    }
}

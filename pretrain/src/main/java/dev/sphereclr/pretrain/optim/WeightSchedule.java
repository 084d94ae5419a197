package dev.sphereclr.pretrain.optim;

/**
 * The weight of a regularizer over a run, beside the learning rate's schedule: constant, or SEC's
 * linear ramp from 0 as its authors train, \( \eta_t = \eta \, p_t \), \( p_t \) the run's progress
 * in [0, 1] (of its steps, or of its wall-clock budget) at the step.
 *
 * @param weight \( \eta \), the weight at the end of the run
 * @param ramp whether it rises linearly from 0
 */
public record WeightSchedule(double weight, boolean ramp) {

    /** Refuses a negative or non-finite weight. */
    public WeightSchedule {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "a regularizer's weight must be >= 0, got " + weight);
        }
    }

    /** A constant weight. */
    public static WeightSchedule constant(double weight) {
        return new WeightSchedule(weight, false);
    }

    /** The weight at {@code progress}. */
    public double at(double progress) {
        return ramp ? weight * progress : weight;
    }
}

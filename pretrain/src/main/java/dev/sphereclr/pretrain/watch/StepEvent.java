package dev.sphereclr.pretrain.watch;

import dev.sphereclr.pretrain.method.LossParts;

/**
 * What the {@link StepListener}s see after a step.
 *
 * @param step steps done, this one included
 * @param epoch the epoch of the step's batch
 * @param epochEnd whether the step finished its epoch
 * @param nextEpoch the epoch the next step belongs to
 * @param progress the run's progress after the step, in [0, 1]
 * @param lr the step's learning rate
 * @param values the step's loss parts, or {@code null} when this step was not logged (nothing was
 *     read from the device)
 * @param viewsPerSecond views trained per second over the step
 * @param dataWaitMs time the step waited for its batch
 */
public record StepEvent(
        long step,
        int epoch,
        boolean epochEnd,
        int nextEpoch,
        double progress,
        double lr,
        LossParts.Values values,
        double viewsPerSecond,
        double dataWaitMs) {

    /** Whether the step's loss parts were read. */
    public boolean logged() {
        return values != null;
    }
}

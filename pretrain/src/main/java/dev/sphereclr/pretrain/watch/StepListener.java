package dev.sphereclr.pretrain.watch;

import java.io.IOException;

/**
 * Something that follows a run step by step: the metrics file, the progress bar, the kNN monitor,
 * the divergence check. Called in order after each step, before any checkpoint of that step.
 */
public interface StepListener {

    /** After each step; may throw to end the run (nothing of this step is saved then). */
    void afterStep(StepEvent event) throws IOException;
}

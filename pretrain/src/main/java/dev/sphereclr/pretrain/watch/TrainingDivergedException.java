package dev.sphereclr.pretrain.watch;

/** The loss became NaN or infinite; the run stopped without saving the broken state. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what diverged, when, and which checkpoint is the last good one
     */
    public TrainingDivergedException(String message) {
        super(message);
    }
}

package dev.sphereclr.spark;

/**
 * The one line a failed job's user needs: Spark wraps a task's exception in several of its own (the
 * stage, the write), each message repeating a stack trace.
 */
final class JobFailure {

    private JobFailure() {}

    /** The message of the first {@link BadImageException} behind {@code e}, else its root's. */
    static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadImageException) {
                return t.getMessage() + "; --skip-bad-images writes it as a row with the error";
            }
            root = t;
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}

package dev.sphereclr.spark;

import java.net.UnknownHostException;

/**
 * The one line a failed job's user needs: Spark wraps a task's exception in several of its own (the
 * stage, the write), each message repeating a stack trace.
 */
final class JobFailure {

    private JobFailure() {}

    /**
     * The message of the first {@link BadImageException} behind {@code e}, else its root's, with
     * the root's type where its message alone would not say what happened.
     */
    static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadImageException) {
                return t.getMessage() + "; --skip-bad-images writes it as a row with the error";
            }
            root = t;
        }
        if (root instanceof UnknownHostException
                && String.valueOf(root.getMessage()).contains("djl.ai")) {
            return "the PyTorch natives are not on the class path, and DJL could not download them"
                    + " ("
                    + root
                    + "): give the natives jar (--jars, or spark.driver.extraClassPath"
                    + " and spark.executor.extraClassPath; docs/spark.md)";
        }
        boolean ours =
                root.getClass().getName().startsWith("dev.sphereclr.")
                        || root.getClass() == java.io.IOException.class;
        return ours && root.getMessage() != null ? root.getMessage() : root.toString();
    }
}

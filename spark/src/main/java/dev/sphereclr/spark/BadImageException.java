package dev.sphereclr.spark;

import java.io.IOException;

/** An image the job cannot read or decode, named by its path: the job stops on it. */
public final class BadImageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The message names the file and why. */
    public BadImageException(String path, Throwable cause) {
        super(
                cause.getMessage() != null && cause.getMessage().startsWith(path)
                        ? cause.getMessage()
                        : path + ": not a readable image (" + cause + ")",
                cause);
    }
}

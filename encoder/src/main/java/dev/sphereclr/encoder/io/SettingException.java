package dev.sphereclr.encoder.io;

import java.io.IOException;

/**
 * A setting whose value cannot serve here: a {@code --data} that does not exist, an {@code --out}
 * that is a file, an encoder folder that is not there. The user's to fix, so the commands exit 2 as
 * for any other bad argument, where a fault met while working exits 1.
 */
public final class SettingException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the option, its value and what is wrong with it
     */
    public SettingException(String message) {
        super(message);
    }
}

package dev.sphereclr.eval;

import java.io.IOException;
import java.nio.file.Path;

/** Public door to {@link Fixtures} for tests in sub-packages. */
public final class FixturesAccess {

    private FixturesAccess() {}

    /** See {@link Fixtures#tinyEncoder}. */
    public static Path tinyEncoder(Path dir) throws IOException {
        return Fixtures.tinyEncoder(dir);
    }

    /** See {@link Fixtures#twoClassFolder}. */
    public static Path twoClassFolder(Path dir, int perClass) throws IOException {
        return Fixtures.twoClassFolder(dir, perClass);
    }
}

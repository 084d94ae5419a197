package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.runtime.io.FolderLock;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run takes its folder's lock; the lock itself is tested against a second JVM in augment. */
@SuppressWarnings("try") // the lock is held for its scope, not read
class LockedRunTest {

    @TempDir Path tmp;

    @Test
    void aRunInALockedFolderIsRefusedNamingTheHolder() throws IOException {
        PretrainConfig c = TinyRuns.config();
        Path out = tmp.resolve("busy");
        String self = Long.toString(ProcessHandle.current().pid());
        try (FolderLock held = FolderLock.acquire(out, "--out");
                BatchSource source = TinyRuns.loader(c)) {
            IOException e =
                    assertThrows(IOException.class, () -> PretrainRun.create(c, out, source));
            assertTrue(e.getMessage().contains("being written by process " + self), e.getMessage());
            e = assertThrows(IOException.class, () -> PretrainRun.resumeWith(out, source, c));
            assertTrue(e.getMessage().contains("being written by process " + self), e.getMessage());
        }
    }
}

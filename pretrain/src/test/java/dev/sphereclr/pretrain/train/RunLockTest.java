package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.loader.BatchSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // the locks are held for their scope, not read
class RunLockTest {

    @TempDir Path tmp;

    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    @Test
    void aSecondWriterIsRefusedNamingTheHolder() throws IOException {
        Path run = tmp.resolve("run");
        try (RunLock held = RunLock.acquire(run)) {
            assertEquals(SELF, Files.readString(run.resolve(RunLock.FILE)));
            IOException e = assertThrows(IOException.class, () -> RunLock.acquire(run));
            assertTrue(e.getMessage().contains("process " + SELF), e.getMessage());
            assertTrue(e.getMessage().startsWith(run.toString()), e.getMessage());
        }
        try (RunLock again = RunLock.acquire(run)) {
            assertEquals(SELF, Files.readString(run.resolve(RunLock.FILE)));
        }
        assertEquals("", Files.readString(run.resolve(RunLock.FILE)));
    }

    @Test
    void aLockLeftByAProcessThatEndedIsTakenOver() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(run.resolve(RunLock.FILE), "999999999");
        try (RunLock lock = RunLock.acquire(run)) {
            assertEquals(SELF, Files.readString(run.resolve(RunLock.FILE)));
        }
    }

    @Test
    void aRunInALockedFolderIsRefusedAndAFileIsNotAFolder() throws IOException {
        PretrainConfig c = TinyRuns.config();
        Path out = tmp.resolve("busy");
        try (RunLock held = RunLock.acquire(out)) {
            BatchSource source = TinyRuns.loader(c);
            IOException e =
                    assertThrows(IOException.class, () -> PretrainRun.create(c, out, source));
            assertTrue(e.getMessage().contains("being written by process " + SELF), e.getMessage());
            source.close();
        }
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        IOException e = assertThrows(IOException.class, () -> RunLock.acquire(file));
        assertTrue(e.getMessage().contains(file + " is a file"), e.getMessage());
    }
}

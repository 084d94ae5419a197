package dev.sphereclr.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.runtime.ParentWatch;
import dev.sphereclr.runtime.Relauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock against other processes: POSIX record locks pass every test inside one JVM and still
 * fail against a second process, so these tests run a second JVM ({@link Child}).
 */
@SuppressWarnings("try") // locks are held for their scope
class FolderLockTest {

    @TempDir Path tmp;

    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    /** A second process: {@code hold DIR} locks and waits to be killed; {@code try DIR} reports. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            ParentWatch.startFromProperty();
            Path folder = Path.of(args[1]);
            if (args[0].equals("hold")) {
                FolderLock lock = FolderLock.acquire(folder, "--out");
                System.out.println("locked " + lock.holder());
                System.out.flush();
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } else {
                try (FolderLock lock = FolderLock.acquire(folder, "--out")) {
                    System.out.println("acquired");
                } catch (IOException e) {
                    System.out.println("refused: " + e.getMessage());
                }
            }
        }
    }

    private static Process start(String mode, Path folder) throws Exception {
        return new ProcessBuilder(
                        Relauncher.javaCommand(Child.class, List.of(mode, folder.toString())))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        String line = out.readLine();
        return line == null ? "(no output, exit " + p.exitValue() + ")" : line;
    }

    private static String attempt(Path folder) throws Exception {
        Process p = start("try", folder);
        try {
            return firstLine(p);
        } finally {
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void anotherProcessHoldsTheLockUntilItIsKilledThenItIsTakenOver() throws Exception {
        Path run = tmp.resolve("run");
        Process child = start("hold", run);
        try {
            String pid = Long.toString(child.pid());
            assertEquals("locked " + pid, firstLine(child));
            IOException e = assertThrows(IOException.class, () -> FolderLock.acquire(run, "--out"));
            assertEquals(
                    run
                            + " is being written by process "
                            + pid
                            + " (lock "
                            + run.resolve(FolderLock.FILE)
                            + "): wait for it or stop it, or choose another --out",
                    e.getMessage());
            // Refusing twice must not have released the child's lock either.
            assertThrows(IOException.class, () -> FolderLock.acquire(run, "--out"));
        } finally {
            child.destroyForcibly(); // SIGKILL: the process ends without releasing anything
            child.waitFor(60, TimeUnit.SECONDS);
        }
        try (FolderLock lock = FolderLock.acquire(run, "--out")) {
            assertEquals(SELF, lock.holder());
            assertTrue(
                    attempt(run)
                            .startsWith(
                                    "refused: " + run + " is being written by process " + SELF));
        }
        assertEquals("acquired", attempt(run));
        assertEquals("", Files.readString(run.resolve(FolderLock.FILE)));
    }

    @Test
    void aSecondLockInThisJvmIsRefusedAndTheFirstStillHoldsAgainstOtherProcesses()
            throws Exception {
        Path run = tmp.resolve("run");
        try (FolderLock held = FolderLock.acquire(run, "--out")) {
            IOException e = assertThrows(IOException.class, () -> FolderLock.acquire(run, "--out"));
            assertTrue(e.getMessage().contains("process " + SELF), e.getMessage());
            assertThrows(IOException.class, () -> FolderLock.acquire(run.resolve("."), "--out"));
            assertTrue(attempt(run).startsWith("refused: "), "the first lock was released");
        }
        try (FolderLock again = FolderLock.acquire(run, "--out")) {
            assertEquals(SELF, again.holder());
        }
    }

    @Test
    void aLockLeftByAProcessThatEndedIsTakenOverAndAFileIsNotAFolder() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(run.resolve(FolderLock.FILE), "999999999");
        try (FolderLock lock = FolderLock.acquire(run, "--out")) {
            assertEquals(SELF, lock.holder());
        }
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        IOException e = assertThrows(IOException.class, () -> FolderLock.acquire(file, "--out"));
        assertEquals("--out " + file + " is a file, not a folder", e.getMessage());
    }
}

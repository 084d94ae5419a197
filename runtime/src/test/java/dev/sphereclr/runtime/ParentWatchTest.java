package dev.sphereclr.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {

    @Test
    void theCallbackRunsWhenTheWatchedProcessEndsAndNotBefore() throws Exception {
        Process parent = new ProcessBuilder("sleep", "30").start();
        CountDownLatch gone = new CountDownLatch(1);
        ParentWatch.watch(parent.pid(), gone::countDown);
        assertFalse(gone.await(300, TimeUnit.MILLISECONDS), "fired while the process lives");
        parent.destroyForcibly();
        assertTrue(gone.await(30, TimeUnit.SECONDS), "did not fire after the process ended");
    }

    @Test
    void aProcessThatAlreadyEndedFiresAtOnce() throws IOException, InterruptedException {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        CountDownLatch gone = new CountDownLatch(1);
        ParentWatch.watch(ended.pid(), gone::countDown);
        assertTrue(gone.await(5, TimeUnit.SECONDS));
    }

    @Test
    void childJvmsAreToldTheirParent() throws Exception {
        assertTrue(
                Relauncher.javaCommand(ParentWatchTest.class, java.util.List.of())
                        .contains(
                                "-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid()));
    }
}

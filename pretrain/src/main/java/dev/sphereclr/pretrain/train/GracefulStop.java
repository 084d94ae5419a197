package dev.sphereclr.pretrain.train;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a run at a step boundary when the JVM is asked to stop (SIGTERM, SIGINT, {@code System.exit}
 * from another thread such as {@code ParentWatch}'s).
 *
 * <p>Why: the JVM runs its shutdown hooks and then halts while other threads go on. A training
 * thread halted inside libtorch crashed the JVM (SIGSEGV in {@code libtorch_cpu.so}, 2 stops of 8).
 * So the hook only asks for a stop and waits: the training thread finishes its step, writes the
 * checkpoint, frees its native memory itself and then {@link #close() closes} this, which lets the
 * hook return and the JVM exit (143 after SIGTERM).
 */
public final class GracefulStop implements AutoCloseable {

    /** How long the hook waits for the training thread before letting the JVM halt anyway. */
    static final Duration GRACE = Duration.ofMinutes(2);

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private GracefulStop() {
        hook = new Thread(this::onShutdown, "sphereclr-graceful-stop");
    }

    /** Installs the shutdown hook; {@link #close()} removes it. */
    public static GracefulStop install() {
        GracefulStop stop = new GracefulStop();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Whether the JVM was asked to stop: the run ends after the step under way. */
    public boolean requested() {
        return requested;
    }

    /** Asks for a stop as a signal would (for tests). */
    void request() {
        requested = true;
    }

    private void onShutdown() {
        requested = true;
        System.err.println("SphereCLR: stopping at the end of this step (a checkpoint is written)");
        try {
            if (!done.await(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println(
                        "SphereCLR: the step did not end within "
                                + GRACE.toSeconds()
                                + " s; stopping without a checkpoint");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run has ended and freed its native memory: a waiting shutdown may proceed. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that done is counted down
        }
    }
}

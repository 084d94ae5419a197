package dev.sphereclr.runtime;

import java.util.Optional;

/**
 * Ends a child JVM when the process that started it ends. A child started by {@link Relauncher}
 * (the allocator restart, the budget experiment's arms) gets the parent's PID as {@code
 * -Dsphereclr.parent.pid}; without this, a {@code kill -9} of {@code mvn} would leave the child
 * training on under PID 1, still writing its run folder.
 */
public final class ParentWatch {

    /** The system property that carries the parent's PID. */
    public static final String PROPERTY = "sphereclr.parent.pid";

    private ParentWatch() {}

    /** Watches the parent that {@link #PROPERTY} names, if any; exits with 143 when it ends. */
    public static void startFromProperty() {
        String pid = System.getProperty(PROPERTY);
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parent = Long.parseLong(pid.trim());
        watch(
                parent,
                () -> {
                    System.err.println(
                            "SphereCLR: the process that started this one ("
                                    + parent
                                    + ") has ended; stopping");
                    System.exit(143);
                });
    }

    /** Runs {@code onGone} once process {@code pid} has ended (at once if it already has). */
    static void watch(long pid, Runnable onGone) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            onGone.run();
            return;
        }
        parent.get().onExit().thenRun(onGone);
    }
}

package dev.sphereclr.encoder;

/**
 * The engine's thread counts, which DJL reads once, when the engine starts: set them before
 * anything touches an NDArray. Inter-op parallelism stays at 1; the loader has its own threads.
 */
public final class EngineThreads {

    private static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

    private EngineThreads() {}

    /**
     * The compute thread count set for this process, else the processor count: how many threads
     * other work of the run (decoding a folder into memory) may take without crowding a run that
     * shares the machine.
     */
    public static int compute() {
        String set = System.getProperty(NUM_THREADS);
        try {
            return set != null ? Math.max(1, Integer.parseInt(set.trim())) : processors();
        } catch (NumberFormatException e) {
            return processors();
        }
    }

    private static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Whether this process's compute thread count is set (else DJL takes the processor count). */
    public static boolean isSet() {
        return System.getProperty(NUM_THREADS) != null;
    }

    /** The JVM option that sets a child process's compute thread count. */
    public static String jvmOption(int threads) {
        return "-D" + NUM_THREADS + "=" + threads;
    }

    /** Sets the compute (intra-op) thread count for the engine about to start. */
    public static void set(int threads) {
        System.setProperty(NUM_THREADS, Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}

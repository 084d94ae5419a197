package dev.sphereclr.encoder;

/**
 * The engine's thread counts, which DJL reads once, when the engine starts: set them before
 * anything touches an NDArray. Inter-op parallelism stays at 1; the loader has its own threads.
 */
public final class EngineThreads {

    private EngineThreads() {}

    /** Sets the compute (intra-op) thread count for the engine about to start. */
    public static void set(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}

package dev.sphereclr.spark;

import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.FrozenEncoder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The encoders of this JVM, each loaded once: every task an executor runs embeds with the same
 * {@link FrozenEncoder} (loading checks checksums and folds batch norms; per task or per row it
 * would cost more than the embedding). They live as long as the executor.
 */
public final class ExecutorEncoders {

    private static final Map<String, FrozenEncoder> LOADED = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorEncoders() {}

    /**
     * The encoder {@code files} name, loaded on the first call in this JVM. The first load sets
     * libtorch's threads to the cores a task has ({@code spark.task.cpus}): Spark runs a task per
     * core, and more threads per task would fight over them.
     */
    public static synchronized FrozenEncoder get(EncoderFiles files, int taskCpus)
            throws IOException {
        FrozenEncoder encoder = LOADED.get(files.key());
        if (encoder == null) {
            if (LOADED.isEmpty()) {
                EngineThreads.set(taskCpus);
            }
            encoder = FrozenEncoder.load(files.folder());
            LOADED.put(files.key(), encoder);
            LOADS.incrementAndGet();
        }
        return encoder;
    }

    /** How many encoders this JVM has loaded: what the tests count. */
    static int loads() {
        return LOADS.get();
    }
}

package dev.sphereclr.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The malloc implementation libtorch runs on.
 *
 * <p>Under glibc malloc, libtorch training on CPU runs at about half speed: every large activation
 * is returned to the kernel and faulted in again on the next step. jemalloc (with its decay
 * disabled) and tcmalloc keep those pages. An allocator can only replace malloc when it is
 * preloaded before the process starts, so this class finds one on disk and {@link Relauncher}
 * starts the JVM again under it.
 */
public final class NativeAllocator {

    /** jemalloc setting that keeps freed pages instead of returning them to the kernel. */
    public static final String JEMALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

    /** The one-line advice printed when no fast allocator is installed. */
    public static final String INSTALL_HINT =
            "SphereCLR: no jemalloc or tcmalloc found, libtorch runs about 2x slower under glibc"
                    + " malloc. Install one: apt-get install -y libjemalloc2 (Debian/Ubuntu).";

    private static final List<String> LIBRARY_DIRS =
            List.of(
                    "/usr/lib/x86_64-linux-gnu",
                    "/usr/lib/aarch64-linux-gnu",
                    "/usr/lib64",
                    "/usr/lib",
                    "/usr/local/lib",
                    "/lib/x86_64-linux-gnu");

    private static final List<String> LIBRARY_NAMES =
            List.of(
                    "libjemalloc.so.2",
                    "libjemalloc.so",
                    "libtcmalloc_minimal.so.4",
                    "libtcmalloc.so.4");

    private NativeAllocator() {}

    /** Whether preloading an allocator means anything on this OS (Linux only). */
    public static boolean isSupportedOs() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /**
     * Returns the name of the fast allocator mapped into this process, if any.
     *
     * @return "jemalloc" or "tcmalloc", or empty under the system allocator
     */
    public static Optional<String> loaded() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(maps);
            if (text.contains("libjemalloc")) {
                return Optional.of("jemalloc");
            }
            if (text.contains("libtcmalloc")) {
                return Optional.of("tcmalloc");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A human-readable name of the allocator this process runs on. */
    public static String describe() {
        return loaded().orElse("system malloc");
    }

    /**
     * Finds an installed jemalloc (preferred) or tcmalloc library.
     *
     * @return the library's path, or empty when none is installed
     */
    public static Optional<Path> find() {
        for (String name : LIBRARY_NAMES) {
            for (String dir : LIBRARY_DIRS) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}

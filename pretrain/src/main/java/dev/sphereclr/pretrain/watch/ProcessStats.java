package dev.sphereclr.pretrain.watch;

import ai.djl.engine.Engine;
import dev.sphereclr.runtime.NativeAllocator;
import dev.sphereclr.runtime.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about this process and its libraries for summaries, manifests and benchmarks. */
public final class ProcessStats {

    private ProcessStats() {}

    /** A field of {@code /proc/self/status} in bytes (e.g. VmRSS, VmHWM), or -1 where unknown. */
    public static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Resident memory now, bytes. */
    public static long rss() {
        return statusBytes("VmRSS");
    }

    /** Peak resident memory, bytes. */
    public static long peakRss() {
        return statusBytes("VmHWM");
    }

    /**
     * This process as a run records it: the cores it saw, the threads libtorch used and when it
     * started. A resume on another machine keeps the stored threads, so the two may differ.
     */
    public static Map<String, Object> process(int threads) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pid", ProcessHandle.current().pid());
        p.put(
                "started",
                ProcessHandle.current().info().startInstant().map(Object::toString).orElse(null));
        p.put("cores", Runtime.getRuntime().availableProcessors());
        p.put("threads", threads);
        return p;
    }

    /** Library, JVM and machine versions. */
    public static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sphereclr", Version.get());
        v.put("djl", Engine.getDjlVersion());
        v.put(
                "engine",
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        v.put(
                "java",
                System.getProperty("java.version")
                        + " ("
                        + System.getProperty("java.vendor")
                        + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("cores", Runtime.getRuntime().availableProcessors());
        v.put("allocator", NativeAllocator.describe());
        return v;
    }
}

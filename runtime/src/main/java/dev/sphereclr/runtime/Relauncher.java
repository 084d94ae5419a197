package dev.sphereclr.runtime;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts the current command again in a child JVM that preloads a fast allocator.
 *
 * <p>{@code mvn exec:java} runs the command inside Maven's own JVM, which was started under glibc
 * malloc; {@code LD_PRELOAD} cannot take effect after start. The child gets the same class path,
 * the memory options, the SphereCLR and DJL system properties and the arguments; its exit code
 * becomes ours. Setting {@code SPHERECLR_ALLOCATOR=system} turns this off.
 */
public final class Relauncher {

    /** Marks the child so that it never relaunches again. */
    static final String RELAUNCHED_ENV = "SPHERECLR_RELAUNCHED";

    /** {@code system} keeps the system allocator and never relaunches. */
    static final String ALLOCATOR_ENV = "SPHERECLR_ALLOCATOR";

    private static final List<String> FORWARDED_PROPERTY_PREFIXES =
            List.of(
                    "ai.djl.",
                    "sphereclr.",
                    "golden.",
                    "DJL_",
                    "ENGINE_",
                    "PYTORCH_",
                    "java.io.tmpdir");

    private Relauncher() {}

    /**
     * Decides whether this process should hand over to a child under a fast allocator.
     *
     * @param env the process environment
     * @return the allocator library to preload, or empty to run here
     */
    public static Optional<Path> libraryToPreload(Map<String, String> env) {
        if (!NativeAllocator.isSupportedOs()) {
            return Optional.empty();
        }
        Optional<Path> library = decide(env, NativeAllocator.loaded(), NativeAllocator::find);
        if (library.isEmpty() && relaunchWanted(env, NativeAllocator.loaded())) {
            System.err.println(NativeAllocator.INSTALL_HINT);
        }
        return library;
    }

    /**
     * The decision itself, from what it depends on: no restart in a child, when the user asks for
     * the system allocator, or when a fast allocator is already loaded; else the installed one.
     */
    static Optional<Path> decide(
            Map<String, String> env, Optional<String> loaded, Supplier<Optional<Path>> installed) {
        return relaunchWanted(env, loaded) ? installed.get() : Optional.empty();
    }

    private static boolean relaunchWanted(Map<String, String> env, Optional<String> loaded) {
        return !env.containsKey(RELAUNCHED_ENV)
                && !"system".equalsIgnoreCase(env.getOrDefault(ALLOCATOR_ENV, ""))
                && loaded.isEmpty();
    }

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM that preloads {@code library}.
     *
     * @return the child's exit code
     */
    public static int relaunch(Path library, Class<?> mainClass, String[] args) throws Exception {
        List<String> command = javaCommand(mainClass, List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        String preload = env.get("LD_PRELOAD");
        env.put(
                "LD_PRELOAD",
                preload == null || preload.isBlank()
                        ? library.toString()
                        : library + ":" + preload);
        if (library.getFileName().toString().contains("jemalloc")) {
            env.putIfAbsent("MALLOC_CONF", NativeAllocator.JEMALLOC_CONF);
        }
        env.put(RELAUNCHED_ENV, "1");

        return waitFor(builder.start());
    }

    /** How long a stopping JVM waits for a child it asked to stop (a run's last checkpoint). */
    private static final Duration CHILD_STOP = Duration.ofMinutes(3);

    /**
     * Waits for {@code child} and returns its exit code. If this JVM is stopped meanwhile (SIGTERM,
     * the end of {@code mvn}), the child is sent SIGTERM too and awaited, so that it stops as a run
     * stops, at a checkpoint, before this JVM exits: no child outlives its parent.
     */
    public static int waitFor(Process child) throws InterruptedException {
        Thread reaper =
                new Thread(
                        () -> {
                            child.destroy();
                            try {
                                child.waitFor(CHILD_STOP.toSeconds(), TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "sphereclr-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return child.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the reaper is running
            }
        }
    }

    /**
     * The command line that runs {@code mainClass} with {@code args} in a new JVM like this one:
     * the same java, heap options, forwarded system properties and class path.
     */
    public static List<String> javaCommand(Class<?> mainClass, List<String> args)
            throws URISyntaxException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmOptions());
        for (String name : System.getProperties().stringPropertyNames()) {
            if (FORWARDED_PROPERTY_PREFIXES.stream().anyMatch(name::startsWith)
                    && !name.equals(ParentWatch.PROPERTY)) {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        // The child ends with this process, however this one ends.
        command.add("-D" + ParentWatch.PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(classPath(mainClass));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /**
     * The JVM options of a child JVM: this JVM's heap, collector and module options, and the
     * collector of {@link #collectorOptions} when none was chosen.
     */
    public static List<String> childJvmOptions() {
        List<String> options = new ArrayList<>();
        List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String arg : inherited) {
            if (arg.startsWith("-X") || arg.startsWith("--add-") || arg.equals("-ea")) {
                options.add(arg);
            }
        }
        options.addAll(collectorOptions(inherited));
        return options;
    }

    /**
     * The garbage collector of a child JVM, unless the parent's options chose one: the serial
     * collector, starting from a 32 MB heap unless an initial size was given. A training process
     * keeps almost everything in native memory; its Java heap holds datasets and short-lived batch
     * arrays, and every page the heap touches before its first collection stays resident. Peak
     * resident memory of a ResNet-18 training step here: 2,962 MB with G1, 2,863 MB with the serial
     * collector and a 64 MB young generation, 2,806 MB with the serial collector from 32 MB (the
     * default initial heap is 1/64 of RAM, 384 MB on 24 GiB).
     */
    public static List<String> collectorOptions(List<String> inherited) {
        boolean chosen =
                inherited.stream().anyMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"));
        if (chosen) {
            return List.of();
        }
        boolean sized =
                inherited.stream()
                        .anyMatch(a -> a.startsWith("-Xms") || a.startsWith("-XX:InitialHeapSize"));
        return sized ? List.of("-XX:+UseSerialGC") : List.of("-XX:+UseSerialGC", "-Xms32m");
    }

    /**
     * The class path that loaded {@code mainClass}: the URLs of its class loader under {@code mvn
     * exec:java}, or {@code java.class.path} under a plain {@code java} launch.
     */
    public static String classPath(Class<?> mainClass) throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        if (mainClass.getClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
        }
        if (entries.isEmpty()) {
            entries.add(System.getProperty("java.class.path"));
        }
        return String.join(File.pathSeparator, entries);
    }
}

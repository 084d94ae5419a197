package dev.sphereclr.spark;

import java.util.List;

/**
 * The module openings Spark needs on Java 17, as its launcher gives them to the JVMs of a cluster
 * ({@code org.apache.spark.launcher.JavaModuleOptions}). A JVM that runs Spark in local mode,
 * {@code embed}'s, needs them too: {@code .mvn/jvm.config} sets them for {@code mvn exec:java},
 * Surefire for the tests, and a plain {@code java} launch must give them. Written here once; the
 * two build files hold copies that a test compares with {@link #COMMAND_LINE}.
 */
public final class SparkJvm {

    /** The openings, one option each. */
    public static final List<String> OPTIONS =
            List.of(
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

    /**
     * Every option a JVM running Spark gets, as {@code .mvn/jvm.config} and the build's {@code
     * spark.jvm.options} write them, word for word: the openings, then Netty's reflective access
     * (Spark's launcher sets it too).
     */
    public static final String COMMAND_LINE =
            String.join(" ", OPTIONS) + " -Dio.netty.tryReflectionSetAccessible=true";

    private SparkJvm() {}

    /**
     * The openings this JVM lacks, by the packages Spark reaches into.
     *
     * @return empty when Spark can run here
     */
    public static List<String> missing() {
        Module unnamed = SparkJvm.class.getClassLoader().getUnnamedModule();
        return OPTIONS.stream()
                .filter(
                        o -> {
                            String target = o.substring(o.indexOf('=') + 1, o.lastIndexOf('='));
                            String module = target.substring(0, target.indexOf('/'));
                            String pkg = target.substring(target.indexOf('/') + 1);
                            return ModuleLayer.boot()
                                    .findModule(module)
                                    .map(m -> !m.isOpen(pkg, unnamed))
                                    .orElse(false);
                        })
                .toList();
    }
}

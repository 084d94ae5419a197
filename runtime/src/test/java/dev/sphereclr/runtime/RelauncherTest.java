package dev.sphereclr.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelauncherTest {

    @Test
    void relaunchesOnlyAPlainProcessWithoutAFastAllocatorLoaded() {
        // Decided from its inputs, so that the test means the same in a JVM that has jemalloc.
        java.nio.file.Path jemalloc = java.nio.file.Path.of("/usr/lib/libjemalloc.so.2");
        java.util.function.Supplier<java.util.Optional<java.nio.file.Path>> installed =
                () -> java.util.Optional.of(jemalloc);
        java.util.Optional<String> none = java.util.Optional.empty();
        assertEquals(java.util.Optional.of(jemalloc), Relauncher.decide(Map.of(), none, installed));
        assertTrue(
                Relauncher.decide(Map.of("SPHERECLR_RELAUNCHED", "1"), none, installed).isEmpty());
        assertTrue(
                Relauncher.decide(Map.of("SPHERECLR_ALLOCATOR", "system"), none, installed)
                        .isEmpty());
        assertTrue(
                Relauncher.decide(Map.of(), java.util.Optional.of("jemalloc"), installed)
                        .isEmpty());
        assertTrue(Relauncher.decide(Map.of(), none, java.util.Optional::empty).isEmpty());
    }

    @Test
    void classPathHoldsThisModulesClasses() throws Exception {
        String path = Relauncher.classPath(RelauncherTest.class);
        String here =
                new File(
                                RelauncherTest.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                        .toString();
        assertTrue(path.contains(here), path);
    }

    @Test
    void childJvmsGetTheSerialCollectorUnlessTheUserChoseOne() {
        assertEquals(
                java.util.List.of("-XX:+UseSerialGC", "-Xms32m"),
                Relauncher.collectorOptions(java.util.List.of("-Xmx4g")));
        assertEquals(
                java.util.List.of("-XX:+UseSerialGC"),
                Relauncher.collectorOptions(java.util.List.of("-Xms1g")));
        assertEquals(
                java.util.List.of("-XX:+UseSerialGC"),
                Relauncher.collectorOptions(java.util.List.of("-XX:InitialHeapSize=64m")));
        assertTrue(Relauncher.collectorOptions(java.util.List.of("-XX:+UseG1GC")).isEmpty());
        assertTrue(Relauncher.collectorOptions(java.util.List.of("-XX:+UseZGC")).isEmpty());
    }
}

package dev.sphereclr.augment.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelauncherTest {

    @Test
    void neverRelaunchesAChildOrWhenTheUserAsksForTheSystemAllocator() {
        assertTrue(Relauncher.libraryToPreload(Map.of("SPHERECLR_RELAUNCHED", "1")).isEmpty());
        assertTrue(Relauncher.libraryToPreload(Map.of("SPHERECLR_ALLOCATOR", "system")).isEmpty());
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

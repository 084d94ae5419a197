package dev.sphereclr.augment.runtime;

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
}

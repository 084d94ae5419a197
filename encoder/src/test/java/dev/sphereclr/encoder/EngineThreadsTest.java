package dev.sphereclr.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    private static final String PROPERTY = "ai.djl.pytorch.num_threads";

    @Test
    void computeIsTheSetCountElseTheProcessorsAndChildrenGetItAsAnOption() {
        String before = System.getProperty(PROPERTY);
        int processors = Runtime.getRuntime().availableProcessors();
        try {
            System.setProperty(PROPERTY, "1");
            assertEquals(1, EngineThreads.compute());
            System.setProperty(PROPERTY, " 3 ");
            assertEquals(3, EngineThreads.compute());
            System.setProperty(PROPERTY, "0");
            assertEquals(1, EngineThreads.compute(), "at least one thread");
            System.setProperty(PROPERTY, "many");
            assertEquals(processors, EngineThreads.compute());
            assertTrue(EngineThreads.isSet());
            System.clearProperty(PROPERTY);
            assertEquals(processors, EngineThreads.compute());
            assertFalse(EngineThreads.isSet());
            assertEquals("-D" + PROPERTY + "=2", EngineThreads.jvmOption(2));
        } finally {
            if (before != null) {
                System.setProperty(PROPERTY, before);
            } else {
                System.clearProperty(PROPERTY);
            }
        }
    }
}

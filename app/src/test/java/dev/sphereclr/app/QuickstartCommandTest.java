package dev.sphereclr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.runtime.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {

    @TempDir Path tmp;

    @AfterEach
    void restore() {
        System.clearProperty("sphereclr.cache");
    }

    @Test
    void aShortQuickstartOnTheBundledSamplePrintsBothRowsAndWritesTheReport() {
        System.setProperty("sphereclr.cache", tmp.resolve("cache").toString());
        Path out = tmp.resolve("quickstart");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.out;
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code =
                    Cli.execute(
                            new SphereClr(),
                            "quickstart",
                            "--minutes",
                            "0",
                            "--max-steps",
                            "2",
                            "--epochs",
                            "1",
                            "--batch-size",
                            "32",
                            "--threads",
                            "2",
                            "--workers",
                            "1",
                            "--layout",
                            "channels-first",
                            "--out",
                            out.toString());
        } finally {
            System.setOut(before);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("SimCLR + SEC on cifar10-sample: 2 steps, "), text);
        assertTrue(text.contains(" epochs, seed 42, "), text);
        assertTrue(
                text.matches("(?s).*random init \\(floor\\)\\s+\\d+\\.\\d\\d%\\s+\\d+\\.\\d\\d%.*"),
                text);
        assertTrue(
                text.matches("(?s).*\\nSimCLR \\+ SEC\\s+\\d+\\.\\d\\d%\\s+\\d+\\.\\d\\d%.*"),
                text);
        assertTrue(Files.isRegularFile(out.resolve("eval/report.html")));
        assertTrue(Files.isRegularFile(out.resolve("pretrain/encoder/manifest.json")));
        assertTrue(Files.isRegularFile(out.resolve("eval-random/report.json")));
    }
}

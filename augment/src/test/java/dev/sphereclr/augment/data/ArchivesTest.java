package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivesTest {

    @TempDir Path tmp;

    @Test
    void unpacksNestedFiles() throws IOException {
        Path archive = tmp.resolve("a.tar.gz");
        Fixtures.writeTarGz(archive, Map.of("top/sub/file.bin", new byte[] {1, 2, 3}));
        Archives.extractTarGz(archive, tmp.resolve("out"));
        assertEquals(3, Files.size(tmp.resolve("out/top/sub/file.bin")));
    }

    @Test
    void refusesAnEntryThatEscapesTheTarget() throws IOException {
        Path archive = tmp.resolve("evil.tar.gz");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ok.txt", new byte[] {1});
        entries.put("../escaped.txt", new byte[] {2});
        Fixtures.writeTarGz(archive, entries);
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> Archives.extractTarGz(archive, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("../escaped.txt"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
    }
}

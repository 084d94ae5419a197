package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassListsTest {

    @TempDir Path tmp;

    @AfterEach
    void forgetTheCache() {
        System.clearProperty("sphereclr.cache");
    }

    private static List<String> imagenet100(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }

    @Test
    void imagenet100PicksItsHundredClassFoldersOutOfAnImageNetFolder() throws IOException {
        System.setProperty("sphereclr.cache", tmp.resolve("cache").toString());
        Path list = ClassLists.resolve(Path.of("imagenet100"));
        List<String> classes = imagenet100(list);
        assertEquals(100, classes.size());
        assertEquals(100, classes.stream().distinct().count());
        assertEquals("n02869837", classes.get(0)); // CMC's first class, the bonnet
        assertEquals("n02090622", classes.get(99));
        Path root = tmp.resolve("imagenet/train");
        for (String wnid : classes) {
            Fixtures.write(Fixtures.rgb(8, 8, wnid.hashCode()), root.resolve(wnid + "/a.png"));
        }
        // A class of ImageNet-1k outside the subset, which the list leaves out.
        Fixtures.write(Fixtures.rgb(8, 8, 1), root.resolve("n01440764/a.png"));
        ImageDataset subset =
                Datasets.open(
                        Datasets.Kind.FOLDER,
                        tmp.resolve("imagenet"),
                        Path.of("imagenet100"),
                        false,
                        true);
        assertEquals(100, subset.classes().size());
        assertEquals(100, subset.size());
        assertFalse(subset.classes().contains("n01440764"));
        assertEquals(ClassLists.resolve(Path.of("imagenet100")), list, "written once, reused");
    }

    @Test
    void aNameThatIsNeitherAFileNorABundledListIsRefused() {
        SettingException e =
                assertThrows(
                        SettingException.class, () -> ClassLists.resolve(Path.of("imagenet200")));
        assertEquals(
                "--class-list imagenet200: no such file, nor a bundled list (imagenet100)",
                e.getMessage());
        assertTrue(ClassLists.NAMES.contains("imagenet100"));
    }
}

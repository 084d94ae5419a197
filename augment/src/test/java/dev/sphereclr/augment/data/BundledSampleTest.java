package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledSampleTest {

    @TempDir Path tmp;

    @BeforeEach
    void cacheInTmp() {
        System.setProperty("sphereclr.cache", tmp.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("sphereclr.cache");
        System.clearProperty("sphereclr.sample");
    }

    @Test
    void theBundledSampleIsBalancedCifar10AndOpensOffline() throws IOException {
        ImageDataset train = Datasets.open(Datasets.Kind.CIFAR10_SAMPLE, null, null, false, true);
        ImageDataset test = Datasets.open(Datasets.Kind.CIFAR10_SAMPLE, null, null, false, false);
        assertEquals(CifarClasses.CIFAR10_CLASSES, train.classes());
        assertEquals(CifarClasses.CIFAR10_CLASSES, test.classes());
        assertEquals(5000, train.size());
        assertEquals(1000, test.size());
        int[] perClass = new int[10];
        for (int i = 0; i < train.size(); i++) {
            perClass[train.label(i)]++;
        }
        for (int n : perClass) {
            assertEquals(500, n);
        }
        assertEquals(32, train.image(0).height());
        assertTrue(train.describe().contains(tmp.resolve("cache").toString()), train.describe());
    }

    @Test
    void aDamagedArchiveIsRefusedNamingTheFile() throws IOException {
        Path copy = tmp.resolve("cifar10-sample.tar.gz");
        byte[] bytes = Files.readAllBytes(BundledSample.locate());
        bytes[bytes.length / 2] ^= 1;
        Files.write(copy, bytes);
        System.setProperty("sphereclr.sample", copy.toString());
        IOException e = assertThrows(IOException.class, () -> BundledSample.resolve(null));
        assertTrue(e.getMessage().startsWith(copy.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + BundledSample.SHA256), e.getMessage());
    }

    @Test
    void givenDataIsUsedAsItIsOrRefusedByName() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("mine"));
        assertEquals(folder, BundledSample.resolve(folder));
        IOException missing =
                assertThrows(
                        IOException.class, () -> BundledSample.resolve(tmp.resolve("nothing")));
        assertTrue(missing.getMessage().startsWith("--data "), missing.getMessage());
        System.setProperty("sphereclr.sample", tmp.resolve("gone.tar.gz").toString());
        IOException gone = assertThrows(IOException.class, BundledSample::locate);
        assertTrue(gone.getMessage().contains("-Dsphereclr.sample="), gone.getMessage());
    }
}

package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against {@code file:} URLs; no test reaches the network. */
class CifarDownloaderTest {

    @TempDir Path tmp;

    private Path server() throws IOException {
        Path served = tmp.resolve("server");
        Files.createDirectories(served);
        Fixtures.writeTarGz(served.resolve("cifar-10-binary.tar.gz"), CifarTest.cifar10Entries());
        return served;
    }

    @Test
    void downloadsVerifiesAndUnpacksOnce() throws IOException {
        Path served = server();
        String md5 = CifarDownloader.md5(served.resolve("cifar-10-binary.tar.gz"));
        CifarDownloader d = new CifarDownloader(tmp.resolve("cache"), served.toUri().toString());
        Path folder = d.ensure(Cifar.Variant.CIFAR10, md5);
        assertEquals(10, Cifar.load(folder, Cifar.Variant.CIFAR10, true).size());
        // The second call finds the unpacked folder and touches no URL.
        Files.delete(served.resolve("cifar-10-binary.tar.gz"));
        assertEquals(folder, d.ensure(Cifar.Variant.CIFAR10, md5));
    }

    @Test
    void resumesAPartialDownload() throws IOException {
        Path served = server();
        byte[] whole = Files.readAllBytes(served.resolve("cifar-10-binary.tar.gz"));
        String md5 = CifarDownloader.md5(served.resolve("cifar-10-binary.tar.gz"));
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        Files.write(
                cache.resolve("cifar-10-binary.tar.gz.part"),
                Arrays.copyOf(whole, whole.length / 3));
        new CifarDownloader(cache, served.toUri().toString()).ensure(Cifar.Variant.CIFAR10, md5);
        assertTrue(
                Arrays.equals(whole, Files.readAllBytes(cache.resolve("cifar-10-binary.tar.gz"))));
    }

    @Test
    void aChecksumMismatchIsRefusedAndDeleted() throws IOException {
        Path served = server();
        Path cache = tmp.resolve("cache");
        CifarDownloader d = new CifarDownloader(cache, served.toUri().toString());
        IOException e =
                assertThrows(
                        IOException.class, () -> d.ensure(Cifar.Variant.CIFAR10, "0".repeat(32)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("cifar-10-binary.tar.gz")));
        assertFalse(Files.exists(cache.resolve("cifar-10-binary.tar.gz.part")));
    }

    @Test
    void withoutTheArchiveItSaysWhereToPutIt() {
        Path cache = tmp.resolve("cache");
        CifarDownloader d = new CifarDownloader(cache, tmp.resolve("empty").toUri().toString());
        IOException e = assertThrows(IOException.class, () -> d.ensure(Cifar.Variant.CIFAR10));
        assertTrue(e.getMessage().contains("by hand"), e.getMessage());
        assertTrue(e.getMessage().contains(cache.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("c32a1d4ab5d03f1284b67883e8d87530"), e.getMessage());
        assertFalse(e.getMessage().contains(".part"), e.getMessage());
    }

    @Test
    void offlineAWrongCopyInTheCacheIsNamedAsSuch() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path wrong = Files.writeString(cache.resolve("cifar-10-binary.tar.gz"), "not CIFAR");
        CifarDownloader d = new CifarDownloader(cache, tmp.resolve("empty").toUri().toString());
        IOException e = assertThrows(IOException.class, () -> d.ensure(Cifar.Variant.CIFAR10));
        assertTrue(e.getMessage().contains("the " + wrong + " there now has MD5 "), e.getMessage());
        assertTrue(e.getMessage().contains("replace it"), e.getMessage());
    }
}

package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {

    @TempDir Path tmp;

    static byte[] batch(int records, int firstLabel, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            out.writeBytes(Fixtures.cifarRecord(new int[] {(firstLabel + i) % 10}, seed + i));
        }
        return out.toByteArray();
    }

    static Map<String, byte[]> cifar10Entries() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        for (int b = 1; b <= 5; b++) {
            e.put("cifar-10-batches-bin/data_batch_" + b + ".bin", batch(2, b, 10 * b));
        }
        e.put("cifar-10-batches-bin/test_batch.bin", batch(3, 7, 100));
        e.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        return e;
    }

    @Test
    void readsPlanarRecordsAsRgbPixelsWithOfficialNames() throws IOException {
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.writeTarGz(archive, cifar10Entries());
        InMemoryDataset train = Cifar.load(archive, Cifar.Variant.CIFAR10, true);
        assertEquals(10, train.size());
        assertEquals("airplane", train.classes().get(0));
        assertEquals("truck", train.classes().get(9));
        // data_batch_2's first record: label 2, seed 20.
        assertEquals(2, train.label(2));
        RgbImage img = train.image(2);
        assertEquals((20 + 3 * 5 + 4) & 0xFF, img.get(5, 4, 0));
        assertEquals((20 + 7 + 3 * 5 + 4) & 0xFF, img.get(5, 4, 1));
        assertEquals((20 + 14 + 3 * 5 + 4) & 0xFF, img.get(5, 4, 2));
        InMemoryDataset test = Cifar.load(archive, Cifar.Variant.CIFAR10, false);
        assertEquals(3, test.size());
        assertEquals(8, test.label(1));
    }

    @Test
    void readsAnUnpackedFolderLikeTheArchive() throws IOException {
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.writeTarGz(archive, cifar10Entries());
        Archives.extractTarGz(archive, tmp.resolve("out"));
        InMemoryDataset fromFolder = Cifar.load(tmp.resolve("out"), Cifar.Variant.CIFAR10, true);
        InMemoryDataset fromArchive = Cifar.load(archive, Cifar.Variant.CIFAR10, true);
        for (int i = 0; i < fromArchive.size(); i++) {
            assertEquals(fromArchive.label(i), fromFolder.label(i));
            assertTrue(Arrays.equals(fromArchive.image(i).pixels(), fromFolder.image(i).pixels()));
        }
    }

    @Test
    void aBadLabelIsNamedWithTheFileWhereItIs() throws IOException {
        Map<String, byte[]> entries = cifar10Entries();
        byte[] third = entries.get("cifar-10-batches-bin/data_batch_3.bin");
        third[Fixtures.cifarRecord(new int[] {0}, 0).length] = 12; // record 1's label byte
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.writeTarGz(archive, entries);
        IOException e =
                assertThrows(
                        IOException.class, () -> Cifar.load(archive, Cifar.Variant.CIFAR10, true));
        assertEquals(
                archive
                        + ", entry cifar-10-batches-bin/data_batch_3.bin: record 1 has label 12,"
                        + " beyond the 10 classes it can name",
                e.getMessage());
        Archives.extractTarGz(archive, tmp.resolve("out"));
        e =
                assertThrows(
                        IOException.class,
                        () -> Cifar.load(tmp.resolve("out"), Cifar.Variant.CIFAR10, true));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                tmp.resolve("out/cifar-10-batches-bin/data_batch_3.bin")
                                        + ": record 1 has label 12"),
                e.getMessage());
    }

    @Test
    void cifar100sCoarseLabelIsCheckedEvenWhenTheFineOnesAreUsed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-100-binary"));
        Files.write(dir.resolve("train.bin"), Fixtures.cifarRecord(new int[] {200, 5}, 1));
        IOException e =
                assertThrows(
                        IOException.class, () -> Cifar.load(tmp, Cifar.Variant.CIFAR100, true));
        assertEquals(
                dir.resolve("train.bin")
                        + ": record 0 has coarse label 200, beyond the 20 classes it can name",
                e.getMessage());
    }

    @Test
    void cifar100HasFineAndCoarseLabels() throws IOException {
        Path dir = tmp.resolve("cifar-100-binary");
        Files.createDirectories(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Fixtures.cifarRecord(new int[] {19, 99}, 1));
        out.writeBytes(Fixtures.cifarRecord(new int[] {3, 42}, 2));
        Files.write(dir.resolve("train.bin"), out.toByteArray());
        InMemoryDataset fine = Cifar.load(tmp, Cifar.Variant.CIFAR100, true);
        InMemoryDataset coarse = Cifar.load(tmp, Cifar.Variant.CIFAR100_COARSE, true);
        assertEquals(100, fine.classes().size());
        assertEquals(20, coarse.classes().size());
        assertEquals("worm", fine.classes().get(fine.label(0)));
        assertEquals("vehicles_2", coarse.classes().get(coarse.label(0)));
        assertEquals(42, fine.label(1));
        assertEquals(3, coarse.label(1));
    }

    @Test
    void aDamagedArchiveIsRefusedAsCorruptWhereverTheDamageIs() throws IOException {
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.writeTarGz(archive, cifar10Entries());
        byte[] whole = Files.readAllBytes(archive);
        for (int at = 20; at < whole.length - 16; at += Math.max(1, whole.length / 23)) {
            byte[] damaged = whole.clone();
            for (int i = at; i < at + 8; i++) {
                damaged[i] = (byte) (damaged[i] ^ 0x5A);
            }
            Path copy = tmp.resolve("damaged-" + at + ".tar.gz");
            Files.write(copy, damaged);
            IOException e =
                    assertThrows(
                            IOException.class,
                            () -> Cifar.load(copy, Cifar.Variant.CIFAR10, true),
                            "damage at byte " + at);
            assertTrue(
                    e.getMessage().startsWith(copy.toString())
                            && e.getMessage().contains("corrupt"),
                    "damage at byte " + at + ": " + e.getMessage());
        }
    }

    @Test
    void anEntryNameDamagedBeforeTheGzipCheckIsReadAsAString() {
        assertEquals("data_batch_1.bin", Cifar.baseName("cifar-10-batches-bin/data_batch_1.bin"));
        assertEquals("", Cifar.baseName("/"));
        assertEquals("b\0.bin", Cifar.baseName("a\0/b\0.bin"));
    }

    @Test
    void aTruncatedArchiveOrFileIsNamedInTheError() throws IOException {
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        Fixtures.writeTarGz(archive, cifar10Entries());
        byte[] whole = Files.readAllBytes(archive);
        Path cut = tmp.resolve("cut.tar.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        IOException e =
                assertThrows(IOException.class, () -> Cifar.load(cut, Cifar.Variant.CIFAR10, true));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());

        Path dir = tmp.resolve("short");
        Files.createDirectories(dir);
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(batch(2, 0, 0), 5000));
        IOException e2 =
                assertThrows(
                        IOException.class, () -> Cifar.load(dir, Cifar.Variant.CIFAR10, false));
        assertTrue(e2.getMessage().contains("test_batch.bin"), e2.getMessage());
    }

    @Test
    void aMissingSourceSaysWhatToGive() {
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> Cifar.load(tmp.resolve("nope"), Cifar.Variant.CIFAR10, true));
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    }
}

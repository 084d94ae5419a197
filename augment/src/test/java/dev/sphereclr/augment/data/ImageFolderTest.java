package dev.sphereclr.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir Path tmp;

    private Path smallFolder() throws IOException {
        Path root = tmp.resolve("small");
        Fixtures.write(Fixtures.rgb(8, 8, 10), root.resolve("zebra/b.png"));
        Fixtures.write(Fixtures.rgb(8, 8, 20), root.resolve("zebra/a.PNG"));
        Fixtures.write(Fixtures.rgb(8, 8, 30), root.resolve("ant/x.png"));
        Files.writeString(root.resolve("ant/notes.txt"), "not an image");
        return root;
    }

    @Test
    void classesAndFilesAreSortedAndSmallImagesCached() throws IOException {
        ImageFolder folder = ImageFolder.open(smallFolder());
        assertEquals(List.of("ant", "zebra"), folder.classes());
        assertEquals(3, folder.size());
        assertTrue(folder.cached());
        assertEquals(0, folder.label(0));
        assertEquals(1, folder.label(1));
        RgbImage a = folder.image(1); // zebra/a.PNG, base 20
        assertEquals(20 + 3, a.get(5, 3, 0));
        assertEquals(20 + 5, a.get(5, 3, 1));
        assertEquals(20, a.get(5, 3, 2));
    }

    @Test
    void aFolderIsDecodedIntoMemoryOnlyWhenItFits() throws IOException {
        Path root = tmp.resolve("imagenette-like");
        Fixtures.write(Fixtures.rgb(80, 80, 10), root.resolve("a/x.png"));
        Fixtures.write(Fixtures.rgb(80, 80, 20), root.resolve("b/y.png"));
        long decoded = 2 * 80 * 80 * 3;
        ImageFolder fits = ImageFolder.builder(root).optCacheBytes(decoded).build();
        assertTrue(fits.cached(), "80 px images that fit are held in memory");
        ImageFolder over = ImageFolder.builder(root).optCacheBytes(decoded - 1).build();
        assertFalse(over.cached(), "one byte over: decoded on demand");
        for (ImageFolder folder : List.of(fits, over)) {
            RgbImage y = folder.image(1); // b/y.png, base 20
            assertEquals(20 + 5, y.get(7, 5, 0));
            assertEquals(20 + 7, y.get(7, 5, 1));
            assertEquals(20, y.get(7, 5, 2));
        }
    }

    @Test
    void aClassListSelectsAndOrdersClasses() throws IOException {
        Path root = smallFolder();
        Path list = tmp.resolve("classes.txt");
        Files.writeString(list, "# subset\nzebra\n");
        ImageFolder folder = ImageFolder.builder(root).optClassList(list).build();
        assertEquals(List.of("zebra"), folder.classes());
        assertEquals(2, folder.size());

        Files.writeString(list, "zebra\nlion\n");
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> ImageFolder.builder(root).optClassList(list).build());
        assertTrue(e.getMessage().contains("lion"), e.getMessage());
    }

    @Test
    void grayscaleAndPaletteImagesComeOutRgb() throws IOException {
        Path root = tmp.resolve("modes");
        BufferedImage gray = new BufferedImage(70, 70, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 2, 0, 200);
        Fixtures.write(gray, root.resolve("a/gray.png"));
        byte[] r = {(byte) 255, 0};
        byte[] g = {0, (byte) 128};
        byte[] b = {0, (byte) 255};
        BufferedImage palette =
                new BufferedImage(
                        70,
                        70,
                        BufferedImage.TYPE_BYTE_INDEXED,
                        new IndexColorModel(1, 2, r, g, b));
        palette.getRaster().setSample(1, 1, 0, 1);
        Fixtures.write(palette, root.resolve("a/palette.png"));
        ImageFolder folder = ImageFolder.builder(root).optCacheBytes(0).build();
        assertFalse(folder.cached(), "decoded on demand");
        RgbImage grayRgb = folder.image(0);
        assertEquals(200, grayRgb.get(2, 3, 0));
        assertEquals(200, grayRgb.get(2, 3, 2));
        RgbImage pal = folder.image(1);
        assertEquals(0, pal.get(1, 1, 0));
        assertEquals(128, pal.get(1, 1, 1));
        assertEquals(255, pal.get(0, 0, 0));
    }

    @Test
    void aCorruptImageIsNamedOrSkippedAndCounted() throws IOException {
        Path root = smallFolder();
        Path broken = root.resolve("ant/broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> ImageFolder.open(root));
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());

        ImageFolder skipping = ImageFolder.builder(root).optSkipBad(true).build();
        assertEquals(3, skipping.size());
        assertEquals(1, skipping.skipped());
    }

    @Test
    void onDemandSkippingCountsABadImageAndLetsAnImageOfItsClassStandIn() throws IOException {
        Path root = tmp.resolve("large");
        Fixtures.write(Fixtures.rgb(80, 80, 1), root.resolve("c/a.png"));
        Files.write(root.resolve("c/b.png"), new byte[] {1, 2, 3});
        Fixtures.write(Fixtures.rgb(80, 80, 9), root.resolve("c/c.png"));
        Fixtures.write(Fixtures.rgb(80, 80, 20), root.resolve("d/a.png"));
        Files.write(root.resolve("d/b.png"), new byte[] {4, 5, 6});
        Fixtures.write(Fixtures.rgb(80, 80, 30), root.resolve("e/a.png"));
        ImageFolder strict = ImageFolder.builder(root).optCacheBytes(0).build();
        IOException e = assertThrows(IOException.class, () -> strict.image(1));
        assertTrue(e.getMessage().contains("b.png"), e.getMessage());

        ImageFolder lenient = ImageFolder.builder(root).optCacheBytes(0).optSkipBad(true).build();
        assertEquals(0, lenient.skipped(), "nothing found unreadable yet");
        assertEquals(9, lenient.image(1).get(0, 0, 2));
        assertEquals(1, lenient.skipped());
        // d/b.png is the last of class d: d/a.png stands in, not e/a.png of another class.
        assertEquals(lenient.label(4), lenient.label(3));
        assertEquals(20, lenient.image(4).get(0, 0, 2));
        assertEquals(2, lenient.skipped());
    }

    @Test
    void aClassFolderWhoseNameIsNotUtf8IsRead() throws Exception {
        Path root = smallFolder();
        Path any = ImageFolder.open(root).file(0);
        // Java cannot spell such a name; the shell makes it from its bytes.
        Process mkdir =
                new ProcessBuilder(
                                "bash",
                                "-c",
                                "mkdir \"$1\"/$'caf\\xe9' && cp \"$2\" \"$1\"/$'caf\\xe9'/x.png",
                                "-",
                                root.toString(),
                                any.toString())
                        .inheritIO()
                        .start();
        assertEquals(0, mkdir.waitFor());
        ImageFolder folder = ImageFolder.open(root); // it was "class 'caf?' has no folder"
        assertEquals(3, folder.classes().size());
        assertEquals(4, folder.size());
    }

    @Test
    void aClassFolderWithoutImagesIsRefusedNamingTheClass() throws IOException {
        Path root = smallFolder();
        Files.createDirectories(root.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> ImageFolder.open(root));
        assertTrue(e.getMessage().contains("class 'empty' has no"), e.getMessage());
    }

    @Test
    void theExpectedSizeComesFromMostImagesNotFromTheFileThatSortsFirst() throws IOException {
        Path root = tmp.resolve("odd");
        Path odd = Fixtures.write(Fixtures.rgb(1, 1, 5), root.resolve("ant/0-tiny.png"));
        Fixtures.write(Fixtures.rgb(8, 8, 10), root.resolve("ant/a.png"));
        Fixtures.write(Fixtures.rgb(8, 8, 20), root.resolve("ant/b.png"));
        Fixtures.write(Fixtures.rgb(8, 8, 30), root.resolve("zebra/c.png"));
        Fixtures.write(Fixtures.rgb(8, 8, 40), root.resolve("zebra/d.png"));
        IOException e = assertThrows(IOException.class, () -> ImageFolder.open(root));
        assertTrue(e.getMessage().startsWith(odd.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("8x8 of most images"), e.getMessage());

        ImageFolder kept = ImageFolder.builder(root).optSkipBad(true).build();
        assertEquals(4, kept.size());
        assertEquals(1, kept.skipped());
        assertEquals(8, kept.image(0).height());
    }
}

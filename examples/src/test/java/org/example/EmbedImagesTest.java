package org.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.pretrain.export.EncoderExport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's snippets run, agree with each other, and stand in the README as they are here. */
class EmbedImagesTest {

    @TempDir Path tmp;

    @Test
    void bothWaysEmbedAnImageFileAlike() throws Exception {
        Path encoder = tmp.resolve("encoder");
        try (FrozenEncoder random = FrozenEncoder.random("random:resnet18-cifar@0.25", 42)) {
            EncoderExport.write(random.block(), random.manifest(), encoder);
        }
        BufferedImage picture = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                picture.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
            }
        }
        Path image = tmp.resolve("cat.png");
        ImageIO.write(picture, "png", image.toFile());

        float[] plain = EmbedImages.embed(encoder, image);
        assertEquals(128, plain.length);
        assertArrayEquals(plain, EmbedImages.embedWithDjl(encoder, image), 1e-5f);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            EmbedImages.main(new String[] {encoder.toString(), image.toString()});
        } finally {
            System.setOut(before);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("128 floats; plain ["));
    }

    @Test
    void theDocsQuoteEverySnippetAsTheBuildCompilesIt() throws Exception {
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
        // The README quotes the plain way to embed and the encoder's dependency; the docs page on
        // encoders quotes the DJL way, the offline line and the natives.
        String readme =
                Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8)
                        + Files.readString(
                                root.resolve("docs/using-an-encoder.md"), StandardCharsets.UTF_8);
        String source =
                Files.readString(
                        root.resolve("examples/src/main/java/org/example/EmbedImages.java"),
                        StandardCharsets.UTF_8);
        List<String> snippets = snippets(source);
        assertEquals(3, snippets.size(), "plain, djl and offline");
        List<String> pom =
                snippets(
                        Files.readString(root.resolve("examples/pom.xml"), StandardCharsets.UTF_8),
                        "<!-- README: \\w+ -->\\n(.*?)\\n\\s*<!-- README: end -->");
        assertEquals(2, pom.size(), "the encoder and the natives");
        snippets.addAll(pom);
        for (String snippet : snippets) {
            assertTrue(
                    readme.contains(snippet),
                    "README.md and docs/using-an-encoder.md lack, as it is in the example:\n"
                            + snippet);
        }
    }

    /** The regions between "// README: NAME" and "// README: end", indentation removed. */
    static List<String> snippets(String source) {
        return snippets(source, "// README: \\w+\\n(.*?)\\n\\s*// README: end");
    }

    /**
     * The regions {@code region} (a pattern whose group 1 is the quote) marks in {@code source}.
     */
    static List<String> snippets(String source, String region) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)" + region).matcher(source);
        while (m.find()) {
            found.add(m.group(1).stripIndent().strip());
        }
        return found;
    }
}

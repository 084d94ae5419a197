package dev.sphereclr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README and the page on encoders quote the example project ({@code examples/}, which the build
 * compiles and runs) as it is: its code between {@code // README:} markers, its dependencies
 * between {@code <!-- README: -->} markers.
 */
class ReadmeQuotesTest {

    @Test
    void theDocsQuoteEverySnippetAsTheBuildCompilesIt() throws Exception {
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
        // The README quotes the plain way to embed and the encoder's dependency; the docs page on
        // encoders quotes the imports, the DJL way, the offline line and the natives.
        String readme =
                Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8)
                        + Files.readString(
                                root.resolve("docs/using-an-encoder.md"), StandardCharsets.UTF_8);
        String source =
                Files.readString(
                        root.resolve("examples/src/main/java/org/example/EmbedImages.java"),
                        StandardCharsets.UTF_8);
        List<String> snippets = snippets(source);
        assertEquals(4, snippets.size(), "imports, plain, djl and offline");
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

package dev.sphereclr.encoder.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code checksums.sha256} of a folder (a checkpoint, an encoder export): the SHA-256 of every file
 * in it, in {@code sha256sum}'s format, so that {@code sha256sum -c checksums.sha256} checks it
 * too. It is written last, after every file it covers, and checked before anything is loaded: a
 * flipped bit in parameters or an edited manifest is refused by name instead of loading.
 *
 * <p>Its last line seals the lines above it ({@value #SEAL} and their SHA-256; {@code sha256sum}
 * skips lines starting with {@code #}), so that damage to the checksums themselves is named as such
 * rather than as damage to the file whose recorded sum it changed.
 */
public final class Checksums {

    /** The file's name in the folder it covers. */
    public static final String FILE = "checksums.sha256";

    /** The start of the sealing line. */
    static final String SEAL = "# sha256 of the lines above: ";

    /** What {@link #verify} found. */
    public enum Status {
        /** Every file matches its checksum. */
        VERIFIED,
        /** The folder has no checksums: written before they existed. */
        ABSENT
    }

    private Checksums() {}

    /** Writes the checksums of every file under {@code folder} (but its own) into it. */
    public static void write(Path folder) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : files(folder)) {
            text.append(sha256(folder.resolve(name))).append("  ").append(name).append('\n');
        }
        String seal = sha256(text.toString());
        text.append(SEAL).append(seal).append('\n');
        AtomicFiles.writeString(folder.resolve(FILE), text.toString());
    }

    /**
     * Checks every file under {@code folder} against its checksums.
     *
     * @return {@link Status#ABSENT} when the folder has none
     * @throws IOException naming the first file that differs, is missing or is not listed
     */
    public static Status verify(Path folder) throws IOException {
        Path sums = folder.resolve(FILE);
        if (!Files.isRegularFile(sums)) {
            return Status.ABSENT;
        }
        Map<String, String> recorded = read(sums);
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            Path file = folder.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing (" + sums + " lists it)");
            }
            String actual = sha256(file);
            if (!actual.equals(e.getValue())) {
                throw new IOException(
                        file
                                + " is damaged or was changed: its SHA-256 is "
                                + actual
                                + ", "
                                + FILE
                                + " records "
                                + e.getValue());
            }
        }
        for (String name : files(folder)) {
            if (!recorded.containsKey(name)) {
                throw new IOException(
                        folder.resolve(name)
                                + " was added after the folder was written ("
                                + sums
                                + " does not list it)");
            }
        }
        return Status.VERIFIED;
    }

    private static Map<String, String> read(Path sums) throws IOException {
        Map<String, String> recorded = new LinkedHashMap<>();
        String text = Files.readString(sums, StandardCharsets.UTF_8);
        int seal = text.lastIndexOf(SEAL);
        // Files written before the seal have none; a sealed file must match its seal.
        if (seal >= 0) {
            String sealed = text.substring(seal + SEAL.length()).strip();
            if (!sealed.equals(sha256(text.substring(0, seal)))) {
                throw new IOException(
                        sums + " is damaged: its lines do not match the SHA-256 on its last line");
            }
            text = text.substring(0, seal);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.matches("[0-9a-f]{64}  [^/].*")) {
                throw new IOException(sums + " is damaged: '" + line + "' is not 'SHA256  FILE'");
            }
            recorded.put(line.substring(66), line.substring(0, 64));
        }
        return recorded;
    }

    /** The files under {@code folder}, as relative paths with '/', but the checksums file. */
    private static List<String> files(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                String name = folder.relativize(p).toString().replace('\\', '/');
                if (Files.isRegularFile(p) && !name.equals(FILE)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String sha256(Path file) throws IOException {
        return sha256(List.of(file));
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The SHA-256 of the {@code files}' bytes, one after the other, in hex. */
    public static String sha256(List<Path> files) throws IOException {
        MessageDigest digest = digest();
        for (Path file : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

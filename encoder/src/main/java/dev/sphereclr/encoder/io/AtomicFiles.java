package dev.sphereclr.encoder.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file whole or not at all: into a temporary file beside it, synced, then an atomic
 * rename, synced in its folder. A crash or an error midway leaves the previous file (or none),
 * never a partial one.
 */
public final class AtomicFiles {

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        /** Writes to {@code out}; throwing abandons the write. */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Writes {@code content} to {@code file}, replacing it atomically. */
    public static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = temporary(dir, "." + file.getFileName() + "-", false);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out =
                            new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true); // the content is on the disk before the name points at it
            }
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(dir); // the rename itself survives a power loss
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Forces the entries of folder {@code dir} (creations, renames) to the disk. */
    public static void syncFolder(Path dir) throws IOException {
        // Linux opens a folder read-only for fsync; some systems refuse that and keep the order of
        // metadata changes anyway.
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /**
     * A new file or folder in {@code dir} named {@code prefix} and a random number. Unlike {@link
     * Files#createTempFile}, which makes it private (0600, 0700), its permissions follow the umask
     * like any other file's, so that a team sharing a run folder can read what is renamed from it.
     */
    public static Path temporary(Path dir, String prefix, boolean folder) throws IOException {
        while (true) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return folder ? Files.createDirectory(p) : Files.createFile(p);
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same name: draw again
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code file}, replacing it atomically. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}

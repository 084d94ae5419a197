package dev.sphereclr.augment.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Safe unpacking of {@code .tar.gz} archives. */
public final class Archives {

    private Archives() {}

    /**
     * Unpacks {@code archive} into {@code target}. Refuses, before writing it, any entry whose path
     * would land outside {@code target} ({@code ../}, absolute paths) and any link entry. Files are
     * written to a temporary name and renamed, so an interrupted unpack leaves no half file under
     * its real name.
     *
     * @throws IOException naming the archive and the offending entry
     */
    public static void extractTarGz(Path archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (InputStream raw = Files.newInputStream(archive);
                InputStream gz = new GZIPInputStream(raw, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path dest = root.resolve(entry.getName()).normalize();
                if (!dest.startsWith(root) || Path.of(entry.getName()).isAbsolute()) {
                    throw new IOException(
                            archive
                                    + ": entry '"
                                    + entry.getName()
                                    + "' would be written outside "
                                    + root
                                    + "; refusing to unpack");
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new IOException(
                            archive
                                    + ": entry '"
                                    + entry.getName()
                                    + "' is a link; refusing to unpack");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                } else if (entry.isFile()) {
                    Files.createDirectories(dest.getParent());
                    Path part = dest.resolveSibling(dest.getFileName() + ".part");
                    long written = Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                    if (written != entry.getSize()) {
                        Files.deleteIfExists(part);
                        throw new IOException(
                                archive + ": entry '" + entry.getName() + "' is truncated");
                    }
                    Files.move(
                            part,
                            dest,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (java.io.EOFException e) {
            throw new IOException(archive + ": the archive is truncated", e);
        }
    }
}

package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.io.AtomicFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
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
                    long size = entry.getSize();
                    String name = entry.getName();
                    AtomicFiles.write(
                            dest,
                            out -> {
                                if (tar.transferTo(out) != size) {
                                    throw new IOException(
                                            archive + ": entry '" + name + "' is truncated");
                                }
                            });
                }
            }
            readToEnd(gz, archive);
        } catch (EOFException e) {
            throw new IOException(archive + ": the archive is truncated", e);
        } catch (ZipException e) {
            throw corrupt(archive, e);
        }
    }

    /**
     * Reads {@code gz} to its end, so that the gzip trailer's CRC and length are checked: a tar
     * reader stops at the archive's end marker and would never see a damaged byte after it.
     */
    static void readToEnd(InputStream gz, Path archive) throws IOException {
        try {
            gz.transferTo(OutputStream.nullOutputStream());
        } catch (ZipException e) {
            throw corrupt(archive, e);
        }
    }

    /**
     * Reads {@code archive} through gzip to its end and throws if its compressed data fails its
     * checks: called when reading it failed otherwise, so that the error names the real fault.
     */
    static void checkGzip(Path archive) throws IOException {
        try (InputStream raw = Files.newInputStream(archive);
                InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
            readToEnd(gz, archive);
        } catch (EOFException e) {
            throw new IOException(
                    archive + ": the archive is truncated or corrupt (its gzip data ends early)",
                    e);
        }
    }

    /** The error for an archive whose compressed data fails its checks. */
    static IOException corrupt(Path archive, ZipException cause) {
        return new IOException(
                archive
                        + ": the archive is corrupt (gzip: "
                        + cause.getMessage()
                        + "); fetch it again",
                cause);
    }
}

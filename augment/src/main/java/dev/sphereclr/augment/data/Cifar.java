package dev.sphereclr.augment.data;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * CIFAR-10 and CIFAR-100 (Krizhevsky 2009) in their official binary format.
 *
 * <p>A CIFAR-10 record is 1 label byte then 3,072 pixel bytes: the red plane, then green, then
 * blue, each 32x32 row-major. A CIFAR-100 record has 2 label bytes (coarse, then fine). Files:
 * {@code data_batch_1..5.bin} and {@code test_batch.bin} (CIFAR-10); {@code train.bin} and {@code
 * test.bin} (CIFAR-100). Reads the {@code .tar.gz} archive directly or a folder holding the files.
 */
public final class Cifar {

    /** Which CIFAR and which labels. */
    public enum Variant {
        /** CIFAR-10: 10 classes. */
        CIFAR10,
        /** CIFAR-100 with its 100 fine labels. */
        CIFAR100,
        /** CIFAR-100 with its 20 coarse (superclass) labels. */
        CIFAR100_COARSE;

        int labelBytes() {
            return this == CIFAR10 ? 1 : 2;
        }

        /** The official archive's file name. */
        public String archiveName() {
            return this == CIFAR10 ? "cifar-10-binary.tar.gz" : "cifar-100-binary.tar.gz";
        }

        List<String> files(boolean train) {
            if (this == CIFAR10) {
                return train
                        ? List.of(
                                "data_batch_1.bin",
                                "data_batch_2.bin",
                                "data_batch_3.bin",
                                "data_batch_4.bin",
                                "data_batch_5.bin")
                        : List.of("test_batch.bin");
            }
            return List.of(train ? "train.bin" : "test.bin");
        }

        /** Official class names, in label order. */
        public List<String> classes() {
            return switch (this) {
                case CIFAR10 -> CifarClasses.CIFAR10_CLASSES;
                case CIFAR100 -> CifarClasses.CIFAR100_FINE_CLASSES;
                case CIFAR100_COARSE -> CifarClasses.CIFAR100_COARSE_CLASSES;
            };
        }
    }

    static final int SIDE = 32;
    static final int PIXELS = SIDE * SIDE * 3;

    private Cifar() {}

    /**
     * Loads one split.
     *
     * @param source the official {@code .tar.gz} archive, or a folder holding its {@code .bin}
     *     files (directly or in the archive's own sub-folder)
     * @param variant which CIFAR
     * @param train the training split, else the test split
     * @throws IOException naming the file that is missing, truncated or malformed
     */
    public static InMemoryDataset load(Path source, Variant variant, boolean train)
            throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        List<String> wanted = variant.files(train);
        if (Files.isDirectory(source)) {
            for (String name : wanted) {
                Path file = findInFolder(source, name);
                files.put(name, Files.readAllBytes(file));
                where.put(name, file.toString());
            }
        } else if (Files.isRegularFile(source)) {
            readArchive(source, wanted, files, where);
        } else {
            throw new IOException(
                    source
                            + " does not exist: give the "
                            + variant.archiveName()
                            + " archive or the folder it unpacks to");
        }
        return decode(source, variant, train, wanted, files, where);
    }

    private static Path findInFolder(Path folder, String name) throws IOException {
        for (String sub : List.of("", "cifar-10-batches-bin", "cifar-100-binary")) {
            Path candidate =
                    sub.isEmpty() ? folder.resolve(name) : folder.resolve(sub).resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException(folder + ": no " + name + " in this folder or its CIFAR sub-folder");
    }

    /** Reads the {@code wanted} files of {@code archive}, noting where each was found. */
    private static void readArchive(
            Path archive, List<String> wanted, Map<String, byte[]> out, Map<String, String> where)
            throws IOException {
        try (InputStream raw = Files.newInputStream(archive);
                InputStream gz = new GZIPInputStream(raw, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String base = baseName(entry.getName());
                if (entry.isFile() && wanted.contains(base)) {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) entry.getSize());
                    tar.transferTo(buffer);
                    if (buffer.size() != entry.getSize()) {
                        throw new EOFException(entry.getName() + " is cut short");
                    }
                    out.put(base, buffer.toByteArray());
                    where.put(base, archive + ", entry " + entry.getName());
                }
            }
            Archives.readToEnd(gz, archive);
        } catch (ZipException e) {
            throw Archives.corrupt(archive, e);
        } catch (EOFException e) {
            Archives.checkGzip(archive);
            throw new IOException(
                    archive + ": the archive is truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(archive.toString())) {
                throw e;
            }
            Archives.checkGzip(archive);
            throw new IOException(archive + ": cannot read the archive: " + e.getMessage(), e);
        }
        for (String name : wanted) {
            if (!out.containsKey(name)) {
                Archives.checkGzip(archive);
                throw new IOException(archive + ": the archive has no " + name);
            }
        }
    }

    /**
     * The part of a tar entry's name after its last slash. A string, not a {@link Path}: damage the
     * gzip check has not reached yet can leave a name such as "/" or one with a NUL in it.
     */
    static String baseName(String entryName) {
        return entryName.substring(entryName.lastIndexOf('/') + 1);
    }

    private static InMemoryDataset decode(
            Path source,
            Variant variant,
            boolean train,
            List<String> names,
            Map<String, byte[]> files,
            Map<String, String> where)
            throws IOException {
        int record = variant.labelBytes() + PIXELS;
        int total = 0;
        for (String name : names) {
            int length = files.get(name).length;
            if (length == 0 || length % record != 0) {
                throw new IOException(
                        where.get(name)
                                + ": "
                                + length
                                + " bytes is not a whole number of "
                                + record
                                + "-byte records (truncated or not "
                                + variant
                                + ")");
            }
            total += length / record;
        }
        byte[] pixels = new byte[total * PIXELS];
        int[] labels = new int[total];
        int classes = variant.classes().size();
        int plane = SIDE * SIDE;
        int n = 0;
        for (String name : names) {
            byte[] data = files.get(name);
            for (int off = 0; off < data.length; off += record, n++) {
                if (variant != Variant.CIFAR10) { // both of CIFAR-100's labels, whichever is used
                    checkLabel(data[off] & 0xFF, 20, "coarse label", where.get(name), off / record);
                    checkLabel(
                            data[off + 1] & 0xFF, 100, "fine label", where.get(name), off / record);
                }
                int label = variant == Variant.CIFAR100 ? data[off + 1] & 0xFF : data[off] & 0xFF;
                checkLabel(label, classes, "label", where.get(name), off / record);
                labels[n] = label;
                int src = off + variant.labelBytes();
                int dst = n * PIXELS;
                for (int i = 0; i < plane; i++) {
                    pixels[dst + 3 * i] = data[src + i];
                    pixels[dst + 3 * i + 1] = data[src + plane + i];
                    pixels[dst + 3 * i + 2] = data[src + 2 * plane + i];
                }
            }
        }
        String description =
                variant.name().toLowerCase(Locale.ROOT)
                        + (train ? " train" : " test")
                        + " from "
                        + source;
        return new InMemoryDataset(description, SIDE, SIDE, pixels, labels, variant.classes());
    }

    private static void checkLabel(int label, int classes, String what, String file, int record)
            throws IOException {
        if (label >= classes) {
            throw new IOException(
                    file
                            + ": record "
                            + record
                            + " has "
                            + what
                            + " "
                            + label
                            + ", beyond the "
                            + classes
                            + " classes it can name");
        }
    }
}

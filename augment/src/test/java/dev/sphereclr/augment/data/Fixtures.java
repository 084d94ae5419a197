package dev.sphereclr.augment.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small datasets the tests write themselves. */
public final class Fixtures {

    private Fixtures() {}

    /**
     * A CIFAR record: label bytes then R, G, B planes where pixel (y, x) of channel c is {@code
     * seed + 7c + 3y + x} (mod 256).
     */
    public static byte[] cifarRecord(int[] labelBytes, int seed) {
        byte[] r = new byte[labelBytes.length + 3072];
        for (int i = 0; i < labelBytes.length; i++) {
            r[i] = (byte) labelBytes[i];
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    r[labelBytes.length + c * 1024 + y * 32 + x] =
                            (byte) (seed + 7 * c + 3 * y + x);
                }
            }
        }
        return r;
    }

    /** Writes a {@code .tar.gz} holding {@code entries} (name to content). */
    public static void writeTarGz(Path archive, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
                GZIPOutputStream gz = new GZIPOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                // Fixed header fields: the same archive, byte for byte, on every run and machine.
                entry.setModTime(0L);
                entry.setUserName("");
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    /** A small RGB image whose pixel (y, x) is {@code (base + x, base + y, base)}. */
    public static BufferedImage rgb(int h, int w, int base) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(
                        x, y, ((base + x) & 0xFF) << 16 | ((base + y) & 0xFF) << 8 | (base & 0xFF));
            }
        }
        return img;
    }

    /** Writes {@code img} as PNG (lossless) or JPEG, by the file's extension. */
    public static Path write(BufferedImage img, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".png") ? "png" : "jpg";
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }
}

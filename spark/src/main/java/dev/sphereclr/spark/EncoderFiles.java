package dev.sphereclr.spark;

import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

/**
 * An encoder folder on its way to the executors through Spark's file distribution: the driver reads
 * the folder wherever Hadoop's file systems reach it (a local path, HDFS, an object store), packs
 * it into one archive named after the folder, and Spark ships and unpacks it once per executor. No
 * executor needs to see the driver's files; each checks the checksums again on loading.
 *
 * @param key the archive's name, the same for the same folder and contents
 */
public record EncoderFiles(String key) implements Serializable {

    /**
     * Packs and registers the encoder folder at {@code location}.
     *
     * @throws SettingException naming {@code --encoder} when there is no such folder or it is not
     *     an export
     */
    public static EncoderFiles distribute(SparkSession spark, String location) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            throw new SettingException("--encoder " + location + ": no such folder");
        }
        if (!fs.exists(new org.apache.hadoop.fs.Path(dir, EncoderManifest.MANIFEST_FILE))) {
            throw new SettingException(
                    "--encoder "
                            + location
                            + ": not an encoder export (no "
                            + EncoderManifest.MANIFEST_FILE
                            + ")");
        }
        FileStatus[] files = fs.listStatus(dir);
        StringBuilder listing = new StringBuilder(fs.makeQualified(dir).toString());
        for (FileStatus f : files) {
            listing.append('\n')
                    .append(f.getPath().getName())
                    .append(' ')
                    .append(f.getLen())
                    .append(' ')
                    .append(f.getModificationTime());
        }
        String key = "sphereclr-encoder-" + shortHash(listing.toString());
        Path staging = Files.createTempDirectory("sphereclr-spark-");
        Path archive = staging.resolve(key + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            // Parameters hardly compress; deflating a ResNet-50's would take seconds.
            zip.setLevel(Deflater.NO_COMPRESSION);
            for (FileStatus f : files) {
                if (f.isFile()) {
                    zip.putNextEntry(new ZipEntry(f.getPath().getName()));
                    try (InputStream in = fs.open(f.getPath())) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        }
        // Deleted at exit in reverse order: the archive, then its folder.
        staging.toFile().deleteOnExit();
        archive.toFile().deleteOnExit();
        spark.sparkContext().addArchive(archive.toUri() + "#" + key);
        return new EncoderFiles(key);
    }

    /** The unpacked folder on this machine (an executor's or, in local mode, the driver's). */
    public Path folder() {
        return Path.of(SparkFiles.get(key));
    }

    private static String shortHash(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

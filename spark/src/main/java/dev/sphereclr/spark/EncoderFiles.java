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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * An encoder folder on its way to the executors as a Spark broadcast: the driver reads the folder
 * wherever Hadoop's file systems reach it (a local path, HDFS, an object store), and Spark's block
 * manager ships its files once to each executor, which writes them into a folder of its own and
 * loads from there, checking the checksums again. No executor needs to see the driver's files.
 *
 * @param key a name for the folder and its contents, the same for the same files
 * @param files the folder's files by name
 */
public record EncoderFiles(String key, Broadcast<HashMap<String, byte[]>> files)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where this JVM wrote each encoder it was sent. */
    private static final Map<String, Path> WRITTEN = new HashMap<>();

    /**
     * Reads the encoder folder at {@code location} and broadcasts it.
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
        HashMap<String, byte[]> files = new HashMap<>();
        StringBuilder listing = new StringBuilder(fs.makeQualified(dir).toString());
        for (FileStatus f : fs.listStatus(dir)) {
            if (f.isFile()) {
                try (InputStream in = fs.open(f.getPath())) {
                    files.put(f.getPath().getName(), in.readAllBytes());
                }
                listing.append('\n')
                        .append(f.getPath().getName())
                        .append(' ')
                        .append(f.getLen())
                        .append(' ')
                        .append(f.getModificationTime());
            }
        }
        String key = "sphereclr-encoder-" + shortHash(listing.toString());
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new EncoderFiles(key, context.broadcast(files));
    }

    /** The encoder's folder on this machine, written from the broadcast on the first call. */
    public Path folder() throws IOException {
        synchronized (WRITTEN) {
            Path folder = WRITTEN.get(key);
            if (folder == null) {
                folder = Files.createTempDirectory(key + "-");
                // Deleted at exit in reverse order: the files, then the folder.
                folder.toFile().deleteOnExit();
                for (Map.Entry<String, byte[]> f : files.value().entrySet()) {
                    Path file = Files.write(folder.resolve(f.getKey()), f.getValue());
                    file.toFile().deleteOnExit();
                }
                WRITTEN.put(key, folder);
            }
            return folder;
        }
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

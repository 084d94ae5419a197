package dev.sphereclr.augment.data;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIFAR-10 (JPEG) sample that ships in the repository, {@code
 * datasets/cifar10-sample/cifar10-sample.tar.gz}: 500 training and 100 test images a class, so that
 * the first command of a fresh clone runs offline. It is unpacked once into the user cache ({@link
 * CifarDownloader#defaultCache()}), after its SHA-256 is checked.
 *
 * <p>The archive is found through {@code -Dsphereclr.sample} (the build sets it for {@code mvn
 * exec:java}), else in {@code datasets/cifar10-sample/} of the working folder or a folder above it.
 */
public final class BundledSample {

    private static final Logger LOG = LoggerFactory.getLogger(BundledSample.class);

    /** Where the archive lies in the repository. */
    public static final String RELATIVE_PATH = "datasets/cifar10-sample/cifar10-sample.tar.gz";

    /** The SHA-256 of the bundled archive, as its README states. */
    public static final String SHA256 =
            "28a9858f4b1e3ceaf5c9670fc0322cd4ac6a37fdca8d1307885630c1c4d9f479";

    private static final String COMPLETE = ".complete";

    private BundledSample() {}

    /**
     * The image folder ({@code train/<class>/*.jpg}, {@code test/<class>/*.jpg}) that {@code data}
     * names: the bundled sample when {@code null}, an archive of that layout (unpacked into the
     * cache), or a folder as it is.
     */
    public static Path resolve(Path data) throws IOException {
        if (data == null) {
            return unpack(locate(), SHA256);
        }
        Datasets.check(null, data);
        if (Files.isDirectory(data)) {
            return data;
        }
        return unpack(data, null);
    }

    /** The bundled archive, or an error that says where it was looked for. */
    public static Path locate() throws IOException {
        String property = System.getProperty("sphereclr.sample");
        if (property != null && !property.isBlank()) {
            Path given = Path.of(property);
            if (Files.isRegularFile(given)) {
                return given;
            }
            throw new IOException("-Dsphereclr.sample=" + property + ": no such file");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException(
                "the bundled CIFAR-10 sample ("
                        + RELATIVE_PATH
                        + ") is not in "
                        + Path.of("").toAbsolutePath()
                        + " or a folder above it: run from the SphereCLR repository, or give"
                        + " --data (the sample's archive or folder, or --dataset cifar10 for the"
                        + " full set)");
    }

    /**
     * Unpacks {@code archive} into the cache once; with {@code expectedSha256} the archive is
     * checked first and refused if it differs.
     */
    static Path unpack(Path archive, String expectedSha256) throws IOException {
        String sha256 =
                com.google.common.io.Files.asByteSource(archive.toFile())
                        .hash(Hashing.sha256())
                        .toString();
        if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
            throw new IOException(
                    archive
                            + ": SHA-256 "
                            + sha256
                            + ", expected "
                            + expectedSha256
                            + "; the bundled sample is damaged (git checkout it again)");
        }
        String name = archive.getFileName().toString().replaceFirst("\\.tar\\.gz$|\\.tgz$", "");
        Path folder =
                CifarDownloader.defaultCache()
                        .resolve("datasets")
                        .resolve(name + "-" + sha256.substring(0, 12));
        if (Files.exists(folder.resolve(COMPLETE))) {
            return folder;
        }
        LOG.info("unpacking {} into {}", archive, folder);
        Archives.extractTarGz(archive, folder);
        Files.writeString(folder.resolve(COMPLETE), sha256);
        return folder;
    }
}

package dev.sphereclr.augment.data;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the official CIFAR binary archives into a cache folder, verifies their published MD5
 * checksums, resumes a partial download, and unpacks them safely ({@link Archives}).
 *
 * <p>The cache folder is {@code -Dsphereclr.cache}, else {@code $SPHERECLR_CACHE}, else {@code
 * ~/.sphereclr}; archives go to its {@code datasets} sub-folder. Without network, the error says
 * where to put the archive by hand.
 */
public final class CifarDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(CifarDownloader.class);

    /** The official location of the archives. */
    public static final String OFFICIAL_BASE_URL = "https://www.cs.toronto.edu/~kriz/";

    private final Path folder;
    private final String baseUrl;

    /**
     * @param folder where archives and their unpacked folders live
     * @param baseUrl where the archives are fetched from (the official site, or a {@code file:}
     *     folder URL ending in '/')
     */
    public CifarDownloader(Path folder, String baseUrl) {
        this.folder = folder;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    /** A downloader for the official site into the user's cache folder. */
    public static CifarDownloader official() {
        return new CifarDownloader(defaultCache().resolve("datasets"), OFFICIAL_BASE_URL);
    }

    /** The user cache folder. */
    public static Path defaultCache() {
        String prop = System.getProperty("sphereclr.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("SPHERECLR_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".sphereclr");
    }

    /** The published MD5 of an official archive. */
    static String md5Of(Cifar.Variant variant) {
        return variant == Cifar.Variant.CIFAR10
                ? "c32a1d4ab5d03f1284b67883e8d87530"
                : "03b5dce01913d631647c71ecec9e9cb8";
    }

    /** The folder the archive for {@code variant} unpacks to. */
    public Path unpackedFolder(Cifar.Variant variant) {
        String name = variant.archiveName();
        return folder.resolve(name.substring(0, name.length() - ".tar.gz".length()));
    }

    /**
     * Returns the unpacked folder of {@code variant}, downloading, verifying and unpacking the
     * archive first when needed.
     */
    public Path ensure(Cifar.Variant variant) throws IOException {
        return ensure(variant, md5Of(variant));
    }

    Path ensure(Cifar.Variant variant, String md5) throws IOException {
        Path unpacked = unpackedFolder(variant);
        Path done = unpacked.resolve(".complete");
        if (Files.exists(done)) {
            return unpacked;
        }
        Files.createDirectories(folder);
        Path archive = folder.resolve(variant.archiveName());
        if (!Files.exists(archive) || !md5(archive).equals(md5)) {
            download(variant.archiveName(), archive, md5);
        }
        Archives.extractTarGz(archive, unpacked);
        Files.writeString(done, md5);
        return unpacked;
    }

    private void download(String name, Path archive, String md5) throws IOException {
        Path part = archive.resolveSibling(name + ".part");
        String url = baseUrl + name;
        long have = Files.exists(part) ? Files.size(part) : 0;
        LOG.info(
                "downloading {} to {}{}",
                url,
                archive,
                have > 0 ? " (resuming at " + have + " bytes)" : "");
        try {
            URLConnection connection = URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(20_000);
            connection.setReadTimeout(60_000);
            boolean append = false;
            if (have > 0 && connection instanceof HttpURLConnection http) {
                http.setRequestProperty("Range", "bytes=" + have + "-");
                append = http.getResponseCode() == HttpURLConnection.HTTP_PARTIAL;
            }
            try (InputStream in = connection.getInputStream()) {
                if (have > 0 && !(connection instanceof HttpURLConnection)) {
                    in.skipNBytes(have);
                    append = true;
                }
                try (OutputStream out =
                        Files.newOutputStream(
                                part,
                                StandardOpenOption.CREATE,
                                append
                                        ? StandardOpenOption.APPEND
                                        : StandardOpenOption.TRUNCATE_EXISTING)) {
                    in.transferTo(out);
                }
            }
        } catch (IOException e) {
            throw new IOException(offlineMessage(url, name, archive, part, md5, e), e);
        }
        String actual = md5(part);
        if (!actual.equals(md5)) {
            Files.delete(part);
            throw new IOException(
                    url + ": checksum mismatch: MD5 " + actual + ", expected " + md5 + "; deleted");
        }
        Files.move(
                part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** What to do without network: where the archive goes, and what is already there. */
    private String offlineMessage(
            String url, String name, Path archive, Path part, String md5, IOException cause)
            throws IOException {
        StringBuilder m =
                new StringBuilder("cannot download ").append(url).append(" (").append(cause);
        m.append("). Without network, put ")
                .append(name)
                .append(" (MD5 ")
                .append(md5)
                .append(") in ")
                .append(folder)
                .append(" by hand, or give its path with --data");
        if (Files.isRegularFile(archive)) {
            m.append("; the ")
                    .append(archive)
                    .append(" there now has MD5 ")
                    .append(md5(archive))
                    .append(", so it is another file or damaged: replace it");
        }
        if (Files.isRegularFile(part) && Files.size(part) > 0) {
            m.append("; the partial download ")
                    .append(part)
                    .append(" (")
                    .append(Files.size(part))
                    .append(" bytes) resumes next time");
        }
        return m.append('.').toString();
    }

    @SuppressWarnings("deprecation") // MD5 is what the archives' publisher states
    static String md5(Path file) throws IOException {
        return com.google.common.io.Files.asByteSource(file.toFile())
                .hash(Hashing.md5())
                .toString();
    }
}

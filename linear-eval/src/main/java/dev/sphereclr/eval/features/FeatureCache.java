package dev.sphereclr.eval.features;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.io.AtomicFiles;
import dev.sphereclr.pretrain.knn.FeatureSet;
import dev.sphereclr.runtime.io.FolderLock;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Features on disk, one file per (encoder, dataset split, transform) key, so that a second probe of
 * the same encoder reuses them. Files are written atomically and end with the SHA-256 of what comes
 * before it: a damaged file (a flipped bit turns a feature into 1e38 and moves the accuracy) is
 * recomputed with a warning, as is a file of another version.
 */
public final class FeatureCache {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

    private static final int MAGIC = 0x53434c46; // "SCLF"
    private static final int VERSION = 2;
    private static final int DIGEST_BYTES = 32;

    private final Path folder;

    /**
     * @param folder where feature files live
     */
    public FeatureCache(Path folder) {
        this.folder = folder;
    }

    /** A key from any number of parts (encoder identity, dataset, split, transform). */
    public static String key(String... parts) {
        Hasher sha = Hashing.sha256().newHasher();
        for (String p : parts) {
            sha.putString(p, StandardCharsets.UTF_8).putByte((byte) 0);
        }
        return sha.hash().toString().substring(0, 32);
    }

    private Path file(String key) {
        return folder.resolve(key + ".features");
    }

    /**
     * The cached features of {@code key}, if present and intact; a file that is not (damaged,
     * truncated, of another version) is named in a warning and left to be recomputed.
     */
    public Optional<FeatureSet> get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        MessageDigest sha = sha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
                DataInputStream in = new DataInputStream(new DigestInputStream(raw, sha))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                LOG.warn("{} is of another format: computing the features again", f);
                return Optional.empty();
            }
            int n = in.readInt();
            int d = in.readInt();
            int classes = in.readInt();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = in.readInt();
            }
            float[] features = new float[n * d];
            for (int i = 0; i < features.length; i++) {
                features[i] = in.readFloat();
            }
            byte[] computed = sha.digest();
            byte[] recorded = raw.readNBytes(DIGEST_BYTES);
            if (!MessageDigest.isEqual(computed, recorded) || raw.read() != -1) {
                LOG.warn("{} is damaged (its SHA-256 differs): computing the features again", f);
                return Optional.empty();
            }
            return Optional.of(new FeatureSet(features, labels, d, classes));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} cannot be read ({}): computing the features again", f, e.toString());
            return Optional.empty();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Stores {@code features} under {@code key}, holding the cache's lock (waiting for another
     * process's write to end): evaluations share the cache, one writer at a time.
     */
    @SuppressWarnings("try") // the lock is held for the scope, not used
    public void put(String key, FeatureSet features) throws IOException {
        try (FolderLock lock = FolderLock.await(folder, "--cache", Duration.ofMinutes(10))) {
            removeLeftovers();
            write(key, features);
        }
    }

    /** Temporary files of writes that a kill interrupted: with the lock held, nobody is writing. */
    private void removeLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().matches("\\.[0-9a-f]{32}\\.features-.*\\.tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void write(String key, FeatureSet features) throws IOException {
        AtomicFiles.write(
                file(key),
                raw -> {
                    MessageDigest sha = sha256();
                    DataOutputStream out = new DataOutputStream(new DigestOutputStream(raw, sha));
                    out.writeInt(MAGIC);
                    out.writeInt(VERSION);
                    out.writeInt(features.count());
                    out.writeInt(features.dimension());
                    out.writeInt(features.classes());
                    for (int label : features.labels()) {
                        out.writeInt(label);
                    }
                    for (float v : features.features()) {
                        out.writeFloat(v);
                    }
                    out.flush();
                    raw.write(sha.digest());
                });
    }

    /**
     * The features {@code encoder} gives {@code data}'s {@code split}: from this cache when it
     * holds them (keyed by the encoder's identity, the data and the evaluation view), else
     * extracted and stored; {@code cached[0]} is cleared when they were extracted.
     */
    public FeatureSet features(
            FrozenEncoder encoder,
            ImageDataset data,
            String split,
            int batchSize,
            int workers,
            boolean[] cached)
            throws IOException {
        String key =
                key(
                        encoder.identity(),
                        data.describe(),
                        split,
                        FeatureExtractor.evalView(encoder).toString());
        Optional<FeatureSet> hit = get(key);
        if (hit.isPresent()) {
            LOG.info("{} features of {} from the cache", split, data.describe());
            return hit.get();
        }
        cached[0] = false;
        FeatureSet f = FeatureExtractor.extract(encoder, data, batchSize, workers);
        put(key, f);
        return f;
    }
}

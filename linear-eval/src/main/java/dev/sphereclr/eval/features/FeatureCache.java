package dev.sphereclr.eval.features;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.sphereclr.augment.io.FolderLock;
import dev.sphereclr.encoder.io.AtomicFiles;
import dev.sphereclr.pretrain.knn.FeatureSet;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Features on disk, one file per (encoder, dataset split, transform) key, so that a second probe of
 * the same encoder reuses them. Files are written atomically; a damaged or foreign file is ignored
 * and recomputed.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x53434c46; // "SCLF"
    private static final int VERSION = 1;

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

    /** The cached features of {@code key}, if present and intact. */
    public Optional<FeatureSet> get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
                DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
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
            return Optional.of(new FeatureSet(features, labels, d, classes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Stores {@code features} under {@code key}, holding the cache's lock (waiting for another
     * process's write to end): evaluations share the cache, one writer at a time.
     */
    @SuppressWarnings("try") // the lock is held for the scope, not used
    public void put(String key, FeatureSet features) throws IOException {
        try (FolderLock lock = FolderLock.await(folder, "--cache", Duration.ofMinutes(10))) {
            write(key, features);
        }
    }

    private void write(String key, FeatureSet features) throws IOException {
        AtomicFiles.write(
                file(key),
                raw -> {
                    DataOutputStream out = new DataOutputStream(raw);
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
                });
    }
}

package dev.sphereclr.pretrain.run;

import com.google.gson.JsonObject;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.runtime.io.DurableFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code checkpoints} folder of a run: one sub-folder {@code step-NNNNNNNN} per checkpoint,
 * each written under a temporary name and renamed when complete, the last K kept.
 */
public final class Checkpoints {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(Checkpoints.class);

    /** The checkpoint format this code writes: 2 and later always carry checksums. */
    public static final int FORMAT_VERSION = 2;

    /** What a checkpoint records besides tensors. */
    public static final class State {
        /** 0 in checkpoints written before the field existed (with or without checksums). */
        public int formatVersion;

        public long step;
        public int nextEpoch;
        public int nextPosition;
        public long seed;
        public double trainedSeconds;

        /** Wall time of the run's processes up to this checkpoint. */
        public double wallSeconds;

        /** The largest peak resident memory of the run's processes so far. */
        public long peakRssBytes;

        /** Each process of the run so far: its cores and threads ({@code ProcessStats}). */
        public List<Map<String, Object>> processes;

        /**
         * The run's settings but those a resume may change ({@link PretrainConfig#fixedSettings}).
         */
        public JsonObject settings;

        public String created;
    }

    /** A checkpoint of another run than the one resuming: not a fault to fall back from. */
    public static final class Mismatch extends IOException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    public static final String STATE_FILE = "state.json";
    public static final String MODEL_FILE = "model.params";
    public static final String OPTIMIZER_FILE = "optimizer.bin";

    private final Path folder;
    private final int keep;
    private final boolean allowUnchecked;

    /**
     * @param folder the checkpoints folder
     * @param keep how many of the newest to keep
     */
    public Checkpoints(Path folder, int keep) {
        this(folder, keep, false);
    }

    /**
     * @param folder the checkpoints folder
     * @param keep how many of the newest to keep
     * @param allowUnchecked restore a checkpoint written before checkpoints carried checksums
     */
    public Checkpoints(Path folder, int keep, boolean allowUnchecked) {
        this.folder = folder;
        this.keep = keep;
        this.allowUnchecked = allowUnchecked;
    }

    /** A folder's content writer: fills the temporary folder it is given. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the checkpoint's files into {@code dir}. */
        void write(Path dir) throws IOException;
    }

    /** Writes checkpoint {@code step} atomically, then prunes the oldest beyond K. */
    public Path save(long step, Writer writer) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(name(step));
        Path tmp = folder.resolve("." + name(step) + ".tmp");
        DurableFolders.deleteTree(tmp);
        Files.createDirectories(tmp);
        try {
            writer.write(tmp);
            Checksums.write(tmp);
            DurableFolders.deleteTree(target);
            DurableFolders.publish(tmp, target);
        } catch (IOException | RuntimeException e) {
            // A full disk must not leave half a checkpoint behind; the older ones stay whole.
            DurableFolders.deleteTree(tmp);
            throw new IOException(
                    "cannot write checkpoint "
                            + target
                            + " ("
                            + e
                            + "); the older checkpoints"
                            + " are unchanged",
                    e);
        }
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            DurableFolders.deleteTree(all.get(i));
        }
        return target;
    }

    /** Removes the temporary folders of checkpoints whose writing was interrupted. */
    public void cleanLeftovers() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> partial;
        try (Stream<Path> entries = Files.list(folder)) {
            partial =
                    entries.filter(p -> p.getFileName().toString().matches("\\.step-\\d+\\.tmp"))
                            .toList();
        }
        for (Path p : partial) {
            DurableFolders.deleteTree(p);
        }
    }

    public static String name(long step) {
        return String.format(Locale.ROOT, "step-%08d", step);
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /** Restores a run's state from one checkpoint folder. */
    @FunctionalInterface
    public interface Restorer {
        /** Loads every file of {@code checkpoint} into the run, or throws naming the file. */
        void restore(Path checkpoint, State state) throws IOException;
    }

    /**
     * Restores the newest checkpoint that reads whole and matches its checksums: a damaged newer
     * one is passed over, with a warning that names it and its fault.
     *
     * @return the state of the checkpoint restored
     * @throws IOException when there is none, or none reads whole (each named with its fault)
     */
    public State restoreNewest(Restorer restorer) throws IOException {
        List<Path> all = list();
        if (all.isEmpty()) {
            throw new IOException(folder + " has no complete checkpoint to resume from");
        }
        List<String> faults = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path checkpoint = all.get(i);
            try {
                boolean checked = Checksums.verify(checkpoint) == Checksums.Status.VERIFIED;
                State state = Json.read(checkpoint.resolve(STATE_FILE), State.class);
                if (!checked) {
                    uncheckedAllowed(checkpoint, state);
                }
                restorer.restore(checkpoint, state);
                if (!faults.isEmpty()) {
                    LOG.warn(
                            "resuming from {}, the newest checkpoint that reads whole; passed"
                                    + " over: {}",
                            checkpoint,
                            String.join("; ", faults));
                }
                return state;
            } catch (Mismatch e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                String fault = e.getMessage() != null ? e.getMessage() : e.toString();
                faults.add(
                        fault.startsWith(checkpoint.toString())
                                ? fault
                                : checkpoint + ": " + fault);
                LOG.warn("checkpoint {} cannot be read: {}", checkpoint, fault);
            }
        }
        throw new IOException(
                "no checkpoint in " + folder + " reads whole: " + String.join("; ", faults));
    }

    private void uncheckedAllowed(Path checkpoint, State state) throws IOException {
        if (state.formatVersion >= FORMAT_VERSION) {
            throw new IOException(
                    checkpoint.resolve(Checksums.FILE)
                            + " is missing: checkpoints of format "
                            + state.formatVersion
                            + " carry it, so the checkpoint is incomplete or was altered");
        }
        if (!allowUnchecked) {
            throw new IOException(
                    checkpoint
                            + " has no "
                            + Checksums.FILE
                            + ": written before checkpoints carried checksums, nothing shows it"
                            + " is undamaged; --allow-unchecked resumes from it anyway");
        }
        LOG.warn("{} has no {}: loaded unchecked, as asked", checkpoint, Checksums.FILE);
    }

    /** The newest complete checkpoint. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}

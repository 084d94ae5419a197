package dev.sphereclr.pretrain.train;

import dev.sphereclr.pretrain.export.EncoderExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code checkpoints} folder of a run: one sub-folder {@code step-NNNNNNNN} per checkpoint,
 * each written under a temporary name and renamed when complete, the last K kept.
 */
public final class Checkpoints {

    /** What a checkpoint records besides tensors. */
    public static final class State {
        public long step;
        public int nextEpoch;
        public int nextPosition;
        public long seed;
        public double trainedSeconds;
        public String created;
    }

    static final String STATE_FILE = "state.json";
    static final String MODEL_FILE = "model.params";
    static final String OPTIMIZER_FILE = "optimizer.bin";

    private final Path folder;
    private final int keep;

    /**
     * @param folder the checkpoints folder
     * @param keep how many of the newest to keep
     */
    public Checkpoints(Path folder, int keep) {
        this.folder = folder;
        this.keep = keep;
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
        EncoderExport.deleteTree(tmp);
        Files.createDirectories(tmp);
        writer.write(tmp);
        EncoderExport.deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            EncoderExport.deleteTree(all.get(i));
        }
        return target;
    }

    static String name(long step) {
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

    /** The newest complete checkpoint. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}

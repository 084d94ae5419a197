package dev.sphereclr.pretrain.run;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.export.EncoderExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's folder as a run opens it: a new run refuses a folder that already holds checkpoints; a
 * resume reads the settings the run started with and removes what a kill left behind; either
 * records its settings in {@code config.json}.
 */
public final class RunFolder {

    /** The settings file in the run folder. */
    public static final String CONFIG_FILE = "config.json";

    private RunFolder() {}

    /** The settings the run in {@code out} was started with. */
    public static PretrainConfig storedConfig(Path out) throws IOException {
        Path file = out.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(out + " holds no run to resume (no " + CONFIG_FILE + ")");
        }
        return Json.read(file, PretrainConfig.class);
    }

    /**
     * Makes {@code out} ready for a new run or a resume, before any state is loaded.
     *
     * @throws IOException when a new run would write over a run's checkpoints
     */
    public static void prepare(Path out, Checkpoints checkpoints, boolean resume)
            throws IOException {
        if (resume) {
            checkpoints.cleanLeftovers();
            EncoderExport.cleanLeftovers(out.resolve("encoder"));
        } else if (!checkpoints.list().isEmpty()) {
            throw new IOException(
                    out
                            + " already holds a run with checkpoints; resume it with --resume or"
                            + " choose another --out");
        }
    }

    /**
     * Records {@code config} in {@code out}; on resume, with the settings it may change (threads,
     * workers, checkpoint cadence) as this process has them.
     */
    public static void record(Path out, PretrainConfig config) throws IOException {
        Files.createDirectories(out);
        Json.write(out.resolve(CONFIG_FILE), config);
    }
}

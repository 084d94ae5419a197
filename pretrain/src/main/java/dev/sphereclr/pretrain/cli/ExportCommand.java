package dev.sphereclr.pretrain.cli;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.run.Checkpoints;
import dev.sphereclr.pretrain.run.RunExport;
import dev.sphereclr.pretrain.run.RunFolder;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommonOptions;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export}: an encoder export (DJL parameters, manifest, {@code encoder.safetensors} for
 * PyTorch, checksums) from any checkpoint of a run, so that runs trained before exports carried
 * safetensors, or stopped before their end, can leave too.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes an encoder export (encoder-0000.params, manifest.json, encoder.safetensors under"
                    + " torchvision's names, checksums.sha256) from a checkpoint of a run."
        })
public final class ExportCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Option(names = "--run", required = true, description = "The run folder (pretrain --out).")
    Path run;

    @Option(
            names = "--checkpoint",
            description = "The checkpoint: step-NNNNNNNN or its step (default: the newest).")
    String checkpoint;

    @Option(names = "--out", description = "The export folder (default: RUN/export-step-N).")
    Path out;

    @Override
    public Integer call() {
        try {
            PretrainConfig config = RunFolder.storedConfig(run);
            Path chosen = checkpoint(new Checkpoints(run.resolve("checkpoints"), 1));
            if (Checksums.verify(chosen) == Checksums.Status.ABSENT) {
                throw new IOException(chosen + " has no " + Checksums.FILE + ": not exported");
            }
            Checkpoints.State state =
                    Json.read(chosen.resolve(Checkpoints.STATE_FILE), Checkpoints.State.class);
            Path folder = out != null ? out : run.resolve("export-" + chosen.getFileName());
            try (NDManager manager = NDManager.newBaseManager()) {
                SslModel model = config.modelSpec().build(manager);
                Path params = chosen.resolve(Checkpoints.MODEL_FILE);
                try (InputStream in = new BufferedInputStream(Files.newInputStream(params));
                        DataInputStream data = new DataInputStream(in)) {
                    model.loadParameters(manager, data);
                } catch (MalformedModelException | RuntimeException e) {
                    throw new IOException(params + ": cannot load the model parameters: " + e, e);
                }
                // Epochs completed: the checkpoint records the position, not the epoch's length.
                RunExport.write(folder, model, config, state.step, state.nextEpoch);
            }
            System.out.println("exported step " + state.step + " of " + run + " to " + folder);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("export: " + e.getMessage());
            return Cli.exitCode(e);
        }
    }

    private Path checkpoint(Checkpoints store) throws IOException {
        if (checkpoint == null) {
            return store.latest()
                    .orElseThrow(() -> new SettingException("--run " + run + ": no checkpoint"));
        }
        String name =
                checkpoint.matches("\\d+")
                        ? Checkpoints.name(Long.parseLong(checkpoint))
                        : checkpoint;
        Path p = run.resolve("checkpoints").resolve(name);
        if (!Files.isRegularFile(p.resolve(Checkpoints.STATE_FILE))) {
            throw new SettingException(
                    "--checkpoint " + checkpoint + ": no complete checkpoint " + p);
        }
        return p;
    }
}

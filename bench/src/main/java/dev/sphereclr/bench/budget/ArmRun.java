package dev.sphereclr.bench.budget;

import dev.sphereclr.pretrain.cli.PretrainCommand;
import dev.sphereclr.pretrain.cli.PretrainMain;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.runtime.Relauncher;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pretraining arm of a budget experiment: a run in a child JVM of its own, started, resumed or
 * kept when already finished.
 */
final class ArmRun {

    private static final Logger LOG = LoggerFactory.getLogger(ArmRun.class);

    final String name;
    final Path folder;
    final BudgetExperiment.Settings settings;
    final List<String> armArgs;
    Process process;

    ArmRun(String name, BudgetExperiment.Settings s, List<String> armArgs) {
        this.name = name;
        this.folder = s.out.resolve(name);
        this.settings = s;
        this.armArgs = armArgs;
    }

    List<String> args;

    /** The configuration of a new run of this arm. */
    PretrainConfig config() {
        return PretrainCommand.parseConfig(freshArgs());
    }

    private List<String> freshArgs() {
        List<String> fresh = new ArrayList<>(settings.pretrainArgs);
        fresh.addAll(armArgs);
        fresh.addAll(
                List.of(
                        "--dataset",
                        settings.dataset.id(),
                        settings.steps > 0 ? "--max-steps" : "--minutes",
                        settings.steps > 0
                                ? Long.toString(settings.steps)
                                : Double.toString(settings.minutes),
                        "--seed",
                        Long.toString(settings.seed),
                        "--knn-every",
                        "0",
                        "--out",
                        folder.toString()));
        if (settings.data != null) {
            fresh.addAll(List.of("--data", settings.data.toString()));
        }
        if (settings.classList != null) {
            fresh.addAll(List.of("--class-list", settings.classList.toString()));
        }
        if (settings.skipBadImages) {
            fresh.add("--skip-bad-images");
        }
        fresh.addAll(
                List.of(
                        "--threads",
                        Integer.toString(settings.threads),
                        "--workers",
                        Integer.toString(settings.workers)));
        return fresh;
    }

    /** Decides what to run: nothing, a resume or a new run, whose settings are validated. */
    void plan() throws IOException {
        if (Files.isRegularFile(folder.resolve("summary.json"))) {
            args = null;
            return;
        }
        args = new ArrayList<>();
        Path checkpoints = folder.resolve("checkpoints");
        boolean resume;
        try (var list = Files.isDirectory(checkpoints) ? Files.list(checkpoints) : null) {
            resume = list != null && list.findAny().isPresent();
        }
        if (resume) {
            args.addAll(
                    List.of(
                            "--resume",
                            "--out",
                            folder.toString(),
                            "--threads",
                            Integer.toString(settings.threads),
                            "--workers",
                            Integer.toString(settings.workers)));
        } else {
            if (Files.isRegularFile(folder.resolve("config.json"))) {
                // Started but stopped before its first checkpoint: nothing to keep.
                Files.delete(folder.resolve("config.json"));
                Files.deleteIfExists(folder.resolve("metrics.csv"));
            }
            args.addAll(freshArgs());
            try {
                PretrainCommand.parseConfig(args);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " arm: " + e.getMessage(), e);
            }
        }
    }

    void start() throws IOException {
        if (args == null) {
            LOG.info("{}: already pretrained in {}; not run again", name, folder);
            return;
        }
        boolean resume = args.contains("--resume");
        Files.createDirectories(folder.getParent());
        Path log = folder.resolveSibling(name + ".log");
        List<String> command;
        try {
            command = Relauncher.javaCommand(PretrainMain.class, args);
        } catch (URISyntaxException e) {
            throw new IOException("cannot find the class path of the pretrain module", e);
        }
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // OpenMP sizes its pool per process: keep each arm on its share of the cores.
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(settings.threads));
        LOG.info(
                "{}: {} {} of pretraining, {} threads; log in {}",
                name,
                resume ? "resuming" : "starting",
                settings.steps > 0 ? settings.steps + " steps" : settings.minutes + " minutes",
                settings.threads,
                log);
        process = builder.start();
    }

    void await() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        int code = waitFor(process);
        if (code != 0 || !Files.isRegularFile(folder.resolve("summary.json"))) {
            throw new IOException(
                    name
                            + ": pretraining failed (exit code "
                            + code
                            + "); see "
                            + folder.resolveSibling(name + ".log")
                            + ". Run the same command again to resume it.");
        }
    }

    /**
     * Waits for an arm's process and returns its exit code; the process is destroyed if this JVM is
     * stopped meanwhile, so that no arm outlives the experiment.
     */
    static int waitFor(Process process) throws InterruptedException {
        return Relauncher.waitFor(process);
    }
}

package dev.sphereclr.pretrain.cli;

import com.google.gson.JsonElement;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.config.Settings;
import dev.sphereclr.pretrain.run.RunFolder;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.pretrain.watch.TrainingDivergedException;
import dev.sphereclr.runtime.NativeAllocator;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommonOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pretrain}: a SimCLR or MoCo v2 run, with or without the spherical embedding constraint.
 * Options left unset keep the recipe's value; {@code --print-config} shows the result and where
 * each value came from.
 */
@Command(
        name = "pretrain",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Contrastive pretraining (SimCLR, MoCo v2; SupCon from labels) with the optional"
                    + " spherical embedding constraint (SEC). Writes config.json, metrics.csv,"
                    + " checkpoints/, encoder/ and summary.json into --out.",
            "Recipes: --list-recipes names each with what it is and follows (default:"
                    + " simclr-cifar10).",
            "A setting not given keeps the recipe's value (or SphereCLR's default where the recipe"
                    + " has none): --print-config shows every value and where it came from."
        })
public final class PretrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainCommand.class);

    static final String DEFAULT_RECIPE = "simclr-cifar10";

    /** The exit code of a run stopped by SIGTERM: the shell's 128 + 15, as the JVM's own. */
    static final int STOPPED = 143;

    @Spec CommandSpec spec;

    @Mixin CommonOptions common;

    @Mixin PretrainOptions settings;

    @Option(names = "--out", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "pretrain");

    @Option(
            names = "--resume",
            description =
                    "Continue the run in --out from its newest checkpoint, with its stored settings"
                            + " (only --threads, --workers, --checkpoint-every,"
                            + " --keep-checkpoints and --log-every may differ).")
    boolean resume;

    @Option(
            names = "--allow-unchecked",
            description =
                    "With --resume: restore a checkpoint written before checkpoints carried"
                            + " checksums; nothing shows it is undamaged.")
    boolean allowUnchecked;

    @Option(
            names = "--print-config",
            description = "Print the settings and where each comes from, then exit.")
    boolean printConfig;

    /**
     * The validated settings that command-line {@code args} of this command describe, without
     * running anything: for tools that launch pretraining runs and want bad settings refused first.
     *
     * @throws IllegalArgumentException naming the setting and its legal range
     */
    public static PretrainConfig parseConfig(List<String> args) {
        PretrainCommand command = new PretrainCommand();
        CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            line.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.settings.resolve(DEFAULT_RECIPE);
    }

    @Override
    public Integer call() throws Exception {
        if (settings.listedRecipes()) {
            return 0;
        }
        if (allowUnchecked && !resume) {
            System.err.println("pretrain: --allow-unchecked applies to --resume only");
            return 2;
        }
        Recipe.Resolved resolved;
        PretrainConfig config;
        try {
            if (resume) {
                config = RunFolder.storedConfig(out);
                applyOnResume(config, PretrainOptions.overrides(spec));
                resolved = null;
            } else {
                resolved = settings.resolved(DEFAULT_RECIPE);
                config = resolved.config();
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("pretrain: " + e.getMessage());
            return 2;
        }
        if (printConfig) {
            System.out.print(
                    resolved != null
                            ? PretrainOptions.describe(resolved)
                            : "resuming " + out + " with:\n" + Json.GSON.toJson(config) + "\n");
            return 0;
        }
        EngineThreads.set(config.run.threads);
        LOG.info("allocator: {}", NativeAllocator.describe());
        try (PretrainRun run =
                resume
                        ? PretrainRun.resumeWith(out, null, config, allowUnchecked)
                        : PretrainRun.create(config, out, null)) {
            RunSummary summary = run.run();
            if (run.stopped()) {
                System.err.printf(
                        "pretrain: stopped at step %d, checkpointed; --resume --out %s continues%n",
                        summary.steps(), out);
                return STOPPED;
            }
            System.out.printf(
                    Locale.ROOT,
                    "pretrained %d steps in %.0f s: final loss %s, norm variance %s, %s views/s;"
                            + " encoder in %s%n",
                    summary.steps(),
                    summary.wallSeconds(),
                    measured("%.4f", summary.finalLoss()),
                    measured("%.4g", summary.finalNormVariance()),
                    measured("%.1f", summary.medianViewsPerSecond()),
                    summary.encoder());
            return 0;
        } catch (TrainingDivergedException e) {
            System.err.println("training stopped: " + e.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("pretrain: " + e.getMessage());
            return Cli.exitCode(e);
        }
    }

    /** {@code value} in {@code format}, or "n/a" where the run's history does not hold it. */
    private static String measured(String format, Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /**
     * Applies the options given with {@code --resume} to the stored settings: those a run may
     * change are taken, any other with a value different from the stored one is refused.
     *
     * @throws IllegalArgumentException naming each refused setting with both values
     */
    static void applyOnResume(PretrainConfig stored, Map<String, JsonElement> given) {
        var tree = Settings.flat(stored);
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : given.entrySet()) {
            JsonElement before = tree.get(e.getKey());
            if (PretrainConfig.CHANGEABLE_ON_RESUME.contains(e.getKey())) {
                tree.add(e.getKey(), e.getValue());
            } else if (!e.getValue().equals(before)) {
                refused.add(e.getKey() + " (stored " + before + ", given " + e.getValue() + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(
                    "--resume continues the stored run; these settings differ from it: "
                            + String.join(", ", refused)
                            + ". Start a new run in another --out to change them.");
        }
        PretrainConfig merged = Json.GSON.fromJson(tree, PretrainConfig.class).validate();
        stored.run.threads = merged.run.threads;
        stored.run.workers = merged.run.workers;
        stored.run.checkpointEvery = merged.run.checkpointEvery;
        stored.run.keepCheckpoints = merged.run.keepCheckpoints;
        stored.run.logEvery = merged.run.logEvery;
    }
}

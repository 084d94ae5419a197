package dev.sphereclr.bench;

import com.google.gson.JsonElement;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.pretrain.cli.PretrainOptions;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.train.Devices;
import dev.sphereclr.runtime.NativeAllocator;
import dev.sphereclr.runtime.cli.CommonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench}: throughput of our side, printed as one RESULT line per figure. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures our throughput: step (training steps on random input), embed (inference"
                    + " forward, the cost of feature extraction), e2e (training"
                    + " through the loader on --data), augment (decode + one view, one thread, on"
                    + " --data), loader (views/s the loader delivers with --workers).",
            "Prints one RESULT line per figure."
        })
public final class BenchCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    /** The run's settings, the same options as {@code pretrain}'s ({@link #config}). */
    @Mixin PretrainOptions settings;

    /** The settings of the measured step: bench's defaults, then the options given. */
    PretrainConfig config;

    @Parameters(
            index = "0",
            description =
                    "compare (everything, ours against the peer), step, embed, e2e, augment, loader,"
                            + " chunks (the chunked step's memory and speed) or gpu-check (a"
                            + " device's run, chunked-step exactness and speed, in one table)")
    String mode;

    @Option(names = "--steps", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps = 8;

    @Option(names = "--warmup", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(
            names = "--then-step",
            description =
                    "e2e: then time the same steps on random input in this process and report"
                            + " e2e as a fraction of it (speed differs between processes on some"
                            + " machines by more than the loader costs).")
    boolean thenStep;

    @Option(names = "--views", description = "augment: views to make (default: ${DEFAULT-VALUE}).")
    int views = 4000;

    @Option(
            names = "--imagenet-data",
            description = "compare: an ImageNet-style folder for the 224 px figures.")
    String imagenetData;

    @Option(names = "--peer", description = "compare: the peer script (default: ${DEFAULT-VALUE}).")
    Path peer = Path.of("..", "shared", "bench", "peer_simclr.py");

    @Option(
            names = "--rounds",
            description =
                    "compare: rounds, alternating ours and the peer (default: ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(
            names = "--out",
            description = "compare: the JSON file written (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "bench.json");

    @Option(
            names = "--unchunked",
            split = ",",
            description = "chunks: also one pass over these batch sizes (e.g. 1024,2048).")
    List<Integer> unchunked = new ArrayList<>();

    @Option(
            names = "--run-steps",
            description =
                    "gpu-check: steps of the quickstart-sized run (default: ${DEFAULT-VALUE}).")
    int runSteps = 300;

    @Option(
            names = "--embed-layout",
            description =
                    "embed: the batch layout timed, one of channels-first, channels-last,"
                            + " onednn-blocked (default: --layout, or the fastest).")
    String embedLayout;

    @Override
    public Integer call() throws Exception {
        TensorLayout embedOrder;
        try {
            config = resolve();
            embedOrder =
                    embedLayout == null
                            ? config.fixedLayout()
                            : TensorLayout.parse("--embed-layout", embedLayout);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        PretrainConfig c = config;
        String data = c.data.path;
        String arch = c.model.arch;
        int size = c.data.imageSize;
        int batch = c.budget.batchSize;
        int workers = c.run.workers;
        int threads = c.run.threads;
        String device = c.run.device;
        EngineThreads.set(threads);
        String preset = ImageScale.small(size) ? "simclr-cifar" : "simclr-imagenet";
        if (mode.equals("augment") || mode.equals("loader")) {
            if (data == null) {
                System.err.println("bench " + mode + " needs --data");
                return 2;
            }
            Path root = Path.of(data);
            Path train = root.resolve("train");
            if (Files.isDirectory(train)) {
                root = train;
            }
            double rate =
                    mode.equals("augment")
                            ? AugmentBenchmark.augment(root, preset, size, views)
                            : AugmentBenchmark.loader(
                                    Datasets.open(Path.of(data), true),
                                    preset,
                                    size,
                                    batch,
                                    workers,
                                    steps);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT ours %s size=%d views/s%s=%.1f preset=%s%n",
                    mode,
                    size,
                    mode.equals("augment") ? "(one thread)" : "(workers=" + workers + ")",
                    rate,
                    preset);
            return 0;
        }
        if (mode.equals("compare")) {
            return PeerComparison.run(this);
        }
        if (mode.equals("chunks")) {
            return ChunkBenchmark.run(this, unchunked);
        }
        if (mode.equals("gpu-check")) {
            return GpuCheck.run(c, Devices.of(device), runSteps, warmup, steps, System.out);
        }
        if (mode.equals("embed")) {
            EmbedBenchmark.Result r =
                    EmbedBenchmark.run(
                            arch, size, batch, warmup, steps, Devices.of(device), embedOrder);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT ours embed arch=%s size=%d images/s(median)=%.1f layout=%s batch=%d threads=%d malloc=%s%n",
                    arch,
                    size,
                    r.rate(),
                    r.layout().id(),
                    batch,
                    threads,
                    NativeAllocator.describe());
            return 0;
        }
        String result;
        switch (mode) {
            case "step" -> result = StepBenchmark.run(c, warmup, steps, true).toString();
            case "e2e" -> {
                if (data == null) {
                    System.err.println("bench e2e needs --data");
                    return 2;
                }
                StepBenchmark.Result r = StepBenchmark.run(c, warmup, steps, false);
                result =
                        thenStep
                                ? r.withOwnStep(StepBenchmark.run(c, warmup, steps, true))
                                : r.toString();
            }
            default -> {
                System.err.println("unknown mode '" + mode + "': step or e2e");
                return 2;
            }
        }
        System.out.println(
                result + " threads=" + threads + " malloc=" + NativeAllocator.describe());
        return 0;
    }

    /**
     * The measured step's settings: the recipe for the image size ({@code --recipe} to choose),
     * bench's own defaults (SGD, a 128-d head, 2 threads, 1 worker, random input unless {@code
     * --data}), then every option given, as {@code pretrain} reads them.
     */
    private PretrainConfig resolve() {
        Map<String, JsonElement> given = settings.given();
        int size = given.containsKey("imageSize") ? given.get("imageSize").getAsInt() : 32;
        int batch = given.containsKey("batchSize") ? given.get("batchSize").getAsInt() : 256;
        boolean data = given.containsKey("data");
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("imageSize", size);
        defaults.put("stem", "auto");
        defaults.put("batchSize", batch);
        defaults.put("threads", 2);
        defaults.put("workers", 1);
        defaults.put("headOut", 128);
        defaults.put("optimizer", Optimizer.Kind.SGD);
        if (given.containsKey("method")
                && "mocov2".equals(given.get("method").getAsString().toLowerCase(Locale.ROOT))) {
            defaults.put("queueSize", batch * Math.max(1, 4096 / batch));
        }
        // Without --data the step runs on random input; the dataset is then only a placeholder.
        defaults.put(
                "dataset",
                data && !ImageScale.small(size) ? Datasets.Kind.FOLDER : Datasets.Kind.CIFAR10);
        Map<String, JsonElement> overrides = new LinkedHashMap<>();
        defaults.forEach((k, v) -> overrides.put(k, Json.GSON.toJsonTree(v)));
        overrides.putAll(given);
        String recipe = ImageScale.small(size) ? "simclr-cifar10" : "simclr-imagenet";
        return Recipe.named(settings.recipeOr(recipe)).resolve(overrides).config();
    }
}

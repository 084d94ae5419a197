package dev.sphereclr.bench;

import com.google.gson.JsonElement;
import dev.sphereclr.augment.cli.CommonOptions;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.runtime.NativeAllocator;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.train.Devices;
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

    @Parameters(
            index = "0",
            description =
                    "compare (everything, ours against the peer), step, embed, e2e, augment, loader,"
                            + " chunks (the chunked step's memory and speed) or gpu-check (a"
                            + " device's run, chunked-step exactness and speed, in one table)")
    String mode;

    @Option(names = "--data", description = "Image folder or CIFAR archive (e2e).")
    String data;

    @Option(names = "--arch", description = "Encoder (default: ${DEFAULT-VALUE}).")
    String arch = "resnet18";

    @Option(names = "--batch", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch = 256;

    @Option(names = "--size", description = "Image side (default: ${DEFAULT-VALUE}).")
    int size = 32;

    @Option(names = "--steps", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps = 8;

    @Option(names = "--warmup", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup = 2;

    @Option(names = "--threads", description = "PyTorch threads (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(
            names = "--workers",
            description = "Loader threads for e2e (default: ${DEFAULT-VALUE}).")
    int workers = 1;

    @Option(
            names = "--then-step",
            description =
                    "e2e: then time the same steps on random input in this process and report"
                            + " e2e as a fraction of it (speed differs between processes on some"
                            + " machines by more than the loader costs).")
    boolean thenStep;

    @Option(names = "--sec-weight", description = "SEC weight (default: ${DEFAULT-VALUE}).")
    double secWeight;

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
            names = "--layout",
            description =
                    "step, e2e: batch layout, auto, channels-first or channels-last (default:"
                            + " ${DEFAULT-VALUE}).")
    String layout = "auto";

    @Option(
            names = "--chunk-size",
            description =
                    "step, e2e: images per chunk of the gradient-cached step (0: one pass);"
                            + " chunks: the chunk (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(
            names = "--unchunked",
            split = ",",
            description = "chunks: also one pass over these batch sizes (e.g. 1024,2048).")
    List<Integer> unchunked = new ArrayList<>();

    @Option(
            names = "--device",
            description = "step, e2e, embed, gpu-check: cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(
            names = "--run-steps",
            description =
                    "gpu-check: steps of the quickstart-sized run (default: ${DEFAULT-VALUE}).")
    int runSteps = 300;

    @Option(names = "--method", description = "simclr or mocov2 (default: ${DEFAULT-VALUE}).")
    PretrainConfig.Method method = PretrainConfig.Method.SIMCLR;

    @Override
    public Integer call() throws Exception {
        EngineThreads.set(threads);
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("method", method);
        given.put("arch", arch);
        given.put("imageSize", size);
        given.put("stem", "auto");
        given.put("batchSize", batch);
        given.put("chunkSize", chunk);
        given.put("device", device);
        given.put("threads", threads);
        given.put("workers", workers);
        given.put("secWeight", secWeight);
        given.put("layout", layout);
        given.put("headOut", 128);
        given.put("optimizer", Optimizer.Kind.SGD);
        if (method == PretrainConfig.Method.MOCOV2) {
            given.put("queueSize", batch * Math.max(1, 4096 / batch));
        }
        // Without --data the step runs on random input; the dataset is then only a placeholder.
        given.put(
                "dataset",
                data != null && !ImageScale.small(size)
                        ? Datasets.Kind.FOLDER
                        : Datasets.Kind.CIFAR10);
        if (data != null) {
            given.put("data", data);
        }
        Map<String, JsonElement> overrides = new LinkedHashMap<>();
        given.forEach((k, v) -> overrides.put(k, Json.GSON.toJsonTree(v)));
        PretrainConfig c =
                Recipe.named(ImageScale.small(size) ? "simclr-cifar10" : "simclr-imagenet")
                        .resolve(overrides)
                        .config();
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
            double rate = EmbedBenchmark.run(arch, size, batch, warmup, steps, Devices.of(device));
            System.out.printf(
                    Locale.ROOT,
                    "RESULT ours embed arch=%s size=%d images/s(median)=%.1f batch=%d threads=%d malloc=%s%n",
                    arch,
                    size,
                    rate,
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
}

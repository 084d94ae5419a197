package dev.sphereclr.pretrain.cli;

import com.google.gson.JsonElement;
import dev.sphereclr.augment.cli.CommonOptions;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.runtime.EngineThreads;
import dev.sphereclr.augment.runtime.NativeAllocator;
import dev.sphereclr.pretrain.bench.SideBySide;
import dev.sphereclr.pretrain.bench.StepBenchmark;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.train.Json;
import dev.sphereclr.pretrain.train.PretrainConfig;
import dev.sphereclr.pretrain.train.Recipe;
import java.util.LinkedHashMap;
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
                    "compare (everything, ours against the peer), step, embed, e2e, augment or loader")
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
    java.nio.file.Path peer = java.nio.file.Path.of("..", "shared", "bench", "peer_simclr.py");

    @Option(
            names = "--rounds",
            description =
                    "compare: rounds, alternating ours and the peer (default: ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(
            names = "--out",
            description = "compare: the JSON file written (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path out = java.nio.file.Path.of("runs", "bench.json");

    @Option(
            names = "--layout",
            description =
                    "step, e2e: batch layout, auto, channels-first or channels-last (default:"
                            + " ${DEFAULT-VALUE}).")
    String layout = "auto";

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
        given.put("threads", threads);
        given.put("workers", workers);
        given.put("secWeight", secWeight);
        given.put("layout", layout);
        given.put("headOut", 128);
        given.put("optimizer", Optimizer.Kind.SGD);
        given.put("queueSize", batch * Math.max(1, 4096 / batch));
        // Without --data the step runs on random input; the dataset is then only a placeholder.
        given.put(
                "dataset",
                data != null && size > 64 ? Datasets.Kind.FOLDER : Datasets.Kind.CIFAR10);
        if (data != null) {
            given.put("data", data);
        }
        Map<String, JsonElement> overrides = new LinkedHashMap<>();
        given.forEach((k, v) -> overrides.put(k, Json.GSON.toJsonTree(v)));
        PretrainConfig c =
                Recipe.named(size <= 64 ? "simclr-cifar10" : "simclr-imagenet")
                        .resolve(overrides)
                        .config();
        String preset = size <= 64 ? "simclr-cifar" : "simclr-imagenet";
        if (mode.equals("augment") || mode.equals("loader")) {
            if (data == null) {
                System.err.println("bench " + mode + " needs --data");
                return 2;
            }
            java.nio.file.Path root = java.nio.file.Path.of(data);
            java.nio.file.Path train = root.resolve("train");
            if (java.nio.file.Files.isDirectory(train)) {
                root = train;
            }
            double rate =
                    mode.equals("augment")
                            ? dev.sphereclr.augment.bench.AugmentBenchmark.augment(
                                    root, preset, size, views)
                            : dev.sphereclr.augment.bench.AugmentBenchmark.loader(
                                    dev.sphereclr.augment.data.Datasets.open(
                                            java.nio.file.Path.of(data), true),
                                    preset,
                                    size,
                                    batch,
                                    workers,
                                    steps);
            System.out.printf(
                    java.util.Locale.ROOT,
                    "RESULT ours %s size=%d views/s%s=%.1f preset=%s%n",
                    mode,
                    size,
                    mode.equals("augment") ? "(one thread)" : "(workers=" + workers + ")",
                    rate,
                    preset);
            return 0;
        }
        if (mode.equals("compare")) {
            return compare();
        }
        if (mode.equals("embed")) {
            double rate =
                    dev.sphereclr.pretrain.bench.EmbedBenchmark.run(
                            arch, size, batch, warmup, steps);
            System.out.printf(
                    java.util.Locale.ROOT,
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

    /**
     * One figure: the same mode and options on both sides, each with its own {@code --data} (ours
     * takes the dataset root, the peer its {@code train/} folder), or none when null.
     */
    private static SideBySide.Figure figure(
            String name, String ourData, String peerData, String... args) {
        return new SideBySide.Figure(name, withData(args, ourData), withData(args, peerData));
    }

    private static java.util.List<String> withData(String[] args, String data) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        if (data != null) {
            all.addAll(java.util.List.of("--data", data));
        }
        return all;
    }

    /** Every figure, ours against the peer, alternating, in one run. */
    private int compare() throws Exception {
        if (data == null) {
            System.err.println(
                    "bench compare needs --data (CIFAR-10 as an image folder with train/)");
            return 2;
        }
        var peerScript = dev.sphereclr.pretrain.bench.SideBySide.findPeer(peer);
        if (peerScript.isEmpty()) {
            System.err.println(
                    "no peer ("
                            + peer
                            + " with /usr/bin/python3 and torch): measuring our side alone");
        }
        String b = Integer.toString(batch);
        String s = Integer.toString(steps);
        String w = Integer.toString(warmup);
        String train = java.nio.file.Path.of(data).resolve("train").toString();
        var figures = new java.util.ArrayList<SideBySide.Figure>();
        figures.add(
                figure(
                        "train-step 32px",
                        null,
                        null,
                        "step",
                        "--batch",
                        b,
                        "--steps",
                        s,
                        "--warmup",
                        w));
        SideBySide.Figure e2e =
                figure(
                        "e2e 32px",
                        data,
                        train,
                        "e2e",
                        "--batch",
                        b,
                        "--steps",
                        s,
                        "--warmup",
                        w,
                        "--workers",
                        "1");
        // Ours also times its random-input step afterwards in the same process: the loader's cost
        // is then read without the spread between processes.
        var ownStep = new java.util.ArrayList<>(e2e.ours());
        ownStep.add("--then-step");
        figures.add(new SideBySide.Figure(e2e.name(), ownStep, e2e.peer()));
        figures.add(
                figure(
                        "embed 32px",
                        null,
                        null,
                        "embed",
                        "--batch",
                        b,
                        "--steps",
                        s,
                        "--warmup",
                        w));
        figures.add(
                figure(
                        "augment 32px",
                        data,
                        train,
                        "augment",
                        "--size",
                        "32",
                        "--views",
                        Integer.toString(views)));
        if (imagenetData != null) {
            String itrain = java.nio.file.Path.of(imagenetData).resolve("train").toString();
            figures.add(
                    figure(
                            "augment 224px",
                            imagenetData,
                            itrain,
                            "augment",
                            "--size",
                            "224",
                            "--views",
                            "500"));
        }
        var runner = new dev.sphereclr.pretrain.bench.SideBySide(peerScript, threads);
        var measured = runner.run(figures, rounds);
        System.out.println(
                "allocator "
                        + NativeAllocator.describe()
                        + ", threads "
                        + threads
                        + ", rounds "
                        + rounds);
        measured.forEach(
                m -> System.out.println(dev.sphereclr.pretrain.bench.SideBySide.format(m)));
        runner.write(measured, out);
        System.out.println("written to " + out);
        return 0;
    }
}

package dev.sphereclr.pretrain.cli;

import dev.sphereclr.augment.cli.CommonOptions;
import dev.sphereclr.augment.runtime.NativeAllocator;
import dev.sphereclr.pretrain.bench.StepBenchmark;
import dev.sphereclr.pretrain.train.PretrainConfig;
import dev.sphereclr.pretrain.train.Recipes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench}: throughput of our side, printed as one RESULT line per figure. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        version = "SphereCLR bench 0.1",
        description = {
            "Measures our throughput: step (training steps on random input), embed (inference"
                    + " forward, the cost of feature extraction), e2e (training"
                    + " through the loader on --data), augment (decode + one view, one thread, on"
                    + " --data), loader (views/s the loader delivers with --workers).",
            "Prints one RESULT line per figure."
        })
public final class BenchCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Parameters(index = "0", description = "step, embed, e2e, augment or loader")
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

    @Option(names = "--sec-weight", description = "SEC weight (default: ${DEFAULT-VALUE}).")
    double secWeight;

    @Option(names = "--views", description = "augment: views to make (default: ${DEFAULT-VALUE}).")
    int views = 4000;

    @Option(names = "--method", description = "simclr or mocov2 (default: ${DEFAULT-VALUE}).")
    String method = "simclr";

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PretrainConfig c = Recipes.named(size <= 64 ? "simclr-cifar10" : "simclr-imagenet");
        c.method = PretrainCommand.parse(PretrainConfig.Method.class, "--method", method);
        c.arch = arch;
        c.imageSize = size;
        c.stem = "auto";
        c.batchSize = batch;
        c.threads = threads;
        c.workers = workers;
        c.secWeight = secWeight;
        c.headOut = 128;
        c.optimizer = dev.sphereclr.pretrain.optim.Optimizer.Kind.SGD;
        c.queueSize = batch * Math.max(1, 4096 / batch);
        if (data != null) {
            c.data = data;
            c.dataset = size <= 64 ? PretrainConfig.Dataset.CIFAR10 : PretrainConfig.Dataset.FOLDER;
        }
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
        StepBenchmark.Result r;
        switch (mode) {
            case "step" -> r = StepBenchmark.run(c, warmup, steps, true);
            case "e2e" -> {
                if (data == null) {
                    System.err.println("bench e2e needs --data");
                    return 2;
                }
                r = StepBenchmark.run(c, warmup, steps, false);
            }
            default -> {
                System.err.println("unknown mode '" + mode + "': step or e2e");
                return 2;
            }
        }
        System.out.println(r + " threads=" + threads + " malloc=" + NativeAllocator.describe());
        return 0;
    }
}

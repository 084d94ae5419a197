package dev.sphereclr.bench.spark;

import com.google.common.math.Quantiles;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.export.EncoderExport;
import dev.sphereclr.runtime.Relauncher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-spark}: images per second of {@code embed}'s job at {@code local[1]} and {@code
 * local[2]} against one {@link FrozenEncoder} in a plain JVM, each arm a fresh JVM, the arms
 * alternating over the rounds (a process's speed is set when it starts).
 */
@Command(
        name = "bench-spark",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the Spark embedding job against a plain JVM: images/s of each arm, median"
                    + " over --rounds, on --data (CIFAR-sized) and --imagenet-data (224 px)."
        })
public final class SparkBenchCommand implements Callable<Integer> {

    @Option(names = "--data", description = "CIFAR-sized images, e.g. CACHE/cifar10-jpg/test.")
    Path data;

    @Option(names = "--imagenet-data", description = "ImageNet-sized images (Imagenette).")
    Path imagenetData;

    @Option(names = "--rounds", description = "Rounds (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--arms", split = ",", description = "Arms (default: ${DEFAULT-VALUE}).")
    List<String> arms = List.of("plain 1", "plain 2", "local[1]", "local[2]");

    @Option(names = "--batch", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch = 64;

    @Option(names = "--out", description = "The JSON written (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "spark-bench.json");

    @Option(
            names = "--jvm-option",
            description = "A JVM option for every arm (e.g. -XX:TieredStopAtLevel=1).")
    List<String> jvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (data == null && imagenetData == null) {
            System.err.println("bench-spark: give --data, --imagenet-data or both");
            return 2;
        }
        for (Path p : new Path[] {data, imagenetData}) {
            if (p != null && !Files.isDirectory(p)) {
                System.err.println("bench-spark: " + p + ": no such folder");
                return 2;
            }
        }
        if (rounds < 1 || batch < 1) {
            System.err.println("bench-spark: --rounds and --batch must be >= 1");
            return 2;
        }
        Path work = Files.createTempDirectory("bench-spark-");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("rounds", rounds);
        report.put("batch", batch);
        report.put("jvmOptions", jvmOptions);
        if (data != null) {
            report.put("cifar", measure("resnet18-cifar", data, work));
        }
        if (imagenetData != null) {
            report.put("imagenet", measure("resnet18-imagenet", imagenetData, work));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.GSON.toJson(report));
        return 0;
    }

    /** Median images/s per arm, with every round's figure, for a ResNet-18 of this stem. */
    private Map<String, Object> measure(String spec, Path images, Path work) throws Exception {
        Path encoder = work.resolve(spec);
        try (FrozenEncoder random = RandomEncoder.of("random:" + spec, 42)) {
            EncoderExport.write(random.block(), random.manifest(), encoder);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        arms.forEach(a -> rates.put(a, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < arms.size(); i++) {
                // Each round starts with another arm.
                String arm = arms.get((i + round) % arms.size());
                double rate = run(arm, encoder, images, work.resolve(spec + "-" + round + "-" + i));
                rates.get(arm).add(rate);
                System.out.printf(
                        Locale.ROOT, "%s round %d %-9s %.1f images/s%n", spec, round, arm, rate);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("encoder", "random:" + spec);
        result.put("data", images.toString());
        for (var e : rates.entrySet()) {
            double median = Quantiles.median().compute(e.getValue());
            result.put(e.getKey(), Map.of("median", median, "rounds", e.getValue()));
            System.out.printf(
                    Locale.ROOT, "RESULT %s %s images/s(median)=%.1f%n", spec, e.getKey(), median);
        }
        return result;
    }

    private double run(String arm, Path encoder, Path images, Path output) throws Exception {
        List<String> command =
                Relauncher.javaCommand(
                        SparkBenchArm.class,
                        List.of(
                                arm,
                                encoder.toString(),
                                images.toString(),
                                output.toString(),
                                Integer.toString(batch)));
        command.addAll(1, jvmOptions);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        double rate = Double.NaN;
        ArrayDeque<String> tail = new ArrayDeque<>();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                tail.addLast(line);
                if (tail.size() > 20) {
                    tail.removeFirst();
                }
                if (line.startsWith("ARM ")) {
                    String[] f = line.split(" ");
                    rate = Long.parseLong(f[f.length - 2]) / Double.parseDouble(f[f.length - 1]);
                }
            }
        }
        if (p.waitFor() != 0 || Double.isNaN(rate)) {
            throw new IllegalStateException(
                    "arm " + arm + " failed, its last lines:\n" + String.join("\n", tail));
        }
        return rate;
    }
}

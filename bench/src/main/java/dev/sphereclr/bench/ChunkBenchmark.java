package dev.sphereclr.bench;

import dev.sphereclr.bench.peer.SideBySide;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code bench chunks}: what the chunked step costs. A batch of {@code --batch-size} in chunks of
 * {@code --chunk-size} against one pass over a batch of the chunk's size, and optionally one pass
 * over larger batches ({@code --unchunked}), each a training step on random input in a fresh JVM
 * (peak memory is per process), alternating over {@code --rounds}.
 */
final class ChunkBenchmark {

    private ChunkBenchmark() {}

    static int run(BenchCommand o, List<Integer> unchunked) throws Exception {
        if (o.config.budget.chunkSize <= 0
                || o.config.budget.batchSize % o.config.budget.chunkSize != 0
                || o.config.budget.chunkSize >= o.config.budget.batchSize) {
            System.err.println(
                    "bench chunks needs --chunk-size C, a divisor of --batch-size smaller than it");
            return 2;
        }
        List<SideBySide.Figure> figures = new ArrayList<>();
        figures.add(
                figure(
                        o,
                        "one pass, batch " + o.config.budget.chunkSize,
                        o.config.budget.chunkSize,
                        0));
        figures.add(
                figure(
                        o,
                        "batch "
                                + o.config.budget.batchSize
                                + " in chunks of "
                                + o.config.budget.chunkSize,
                        o.config.budget.batchSize,
                        o.config.budget.chunkSize));
        for (int b : unchunked) {
            figures.add(figure(o, "one pass, batch " + b, b, 0));
        }
        var runner = new SideBySide(BenchMain.class, Optional.empty(), o.config.run.threads);
        List<SideBySide.Measured> measured = runner.run(figures, o.rounds);
        SideBySide.Measured base = measured.get(0);
        System.out.printf(
                Locale.ROOT,
                "%-32s %10s %10s %8s %8s  %s%n",
                "figure",
                "views/s",
                "peak MB",
                "speed",
                "memory",
                "views/s per round");
        for (SideBySide.Measured m : measured) {
            System.out.printf(
                    Locale.ROOT,
                    "%-32s %10.1f %10d %7.2fx %7.2fx  %s%n",
                    m.name(),
                    m.ours(),
                    m.oursPeakRssMb(),
                    m.ours() / base.ours(),
                    (double) m.oursPeakRssMb() / base.oursPeakRssMb(),
                    Arrays.stream(m.oursRuns())
                            .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                            .collect(Collectors.joining(", ")));
        }
        runner.write(measured, o.out);
        System.out.println("written to " + o.out);
        return 0;
    }

    private static SideBySide.Figure figure(BenchCommand o, String name, int batch, int chunk) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "step",
                                "--batch-size",
                                Integer.toString(batch),
                                "--chunk-size",
                                Integer.toString(chunk),
                                "--steps",
                                Integer.toString(o.steps),
                                "--warmup",
                                Integer.toString(o.warmup),
                                "--layout",
                                o.config.run.layout));
        return new SideBySide.Figure(name, args, List.of());
    }
}

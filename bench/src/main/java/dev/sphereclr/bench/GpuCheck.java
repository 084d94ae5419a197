package dev.sphereclr.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.run.RunSummary;
import dev.sphereclr.pretrain.train.ChunkedStepCheck;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.runtime.io.DurableFolders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench gpu-check}: what a person with a GPU runs once to see the GPU path work, in one
 * table: a quickstart-sized SimCLR + SEC run on the device (the bundled sample), the chunked step
 * against its reference in float32 on the device, and the training step's and the encoder's speed
 * there. With {@code --device cpu} the same command is a dry run, which the tests run.
 */
final class GpuCheck {

    /** The chunked step's largest relative difference from the reference accepted in float32. */
    static final double FLOAT32_TOLERANCE = 1e-4;

    private record Row(String check, String result, boolean ok) {}

    private GpuCheck() {}

    /**
     * @param bench the settings of {@code bench step} (batch, size, threads), on the device
     * @param runSteps steps of the quickstart-sized run
     * @return 0 when every check passed, 1 otherwise
     */
    static int run(
            PretrainConfig bench,
            Device device,
            int runSteps,
            int warmup,
            int steps,
            PrintStream out)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        rows.add(quickstart(bench, runSteps));
        for (String method : List.of("simclr", "mocov2")) {
            ChunkedStepCheck.Result r =
                    ChunkedStepCheck.run(
                            new ChunkedStepCheck.Case(method, true, 2, 2, 1, 1),
                            device,
                            DataType.FLOAT32);
            rows.add(
                    new Row(
                            "chunked step = reference, " + method + ", float32",
                            String.format(
                                    Locale.ROOT, "largest relative difference %.2e", r.worst()),
                            r.worst() < FLOAT32_TOLERANCE));
        }
        StepBenchmark.Result step = StepBenchmark.run(bench, warmup, steps, true);
        rows.add(
                new Row(
                        "bench step, batch " + bench.budget.batchSize,
                        String.format(Locale.ROOT, "%.1f views/s", step.viewsPerSecond()),
                        step.viewsPerSecond() > 0));
        double embed =
                EmbedBenchmark.run(
                                bench.model.arch,
                                bench.data.imageSize,
                                bench.budget.batchSize,
                                warmup,
                                steps,
                                device,
                                null)
                        .rate();
        rows.add(
                new Row(
                        "bench embed, batch " + bench.budget.batchSize,
                        String.format(Locale.ROOT, "%.1f images/s", embed),
                        embed > 0));
        out.printf(Locale.ROOT, "GPU check on %s%n", device);
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "  %-44s %-36s %s%n",
                    r.check(),
                    r.result(),
                    r.ok() ? "ok" : "FAILED");
        }
        boolean ok = rows.stream().allMatch(Row::ok);
        out.println(ok ? "every check passed" : "a check FAILED");
        return ok ? 0 : 1;
    }

    private static Row quickstart(PretrainConfig bench, int runSteps) throws IOException {
        PretrainConfig c =
                Recipe.named("quickstart")
                        .resolve(
                                Map.of(
                                        "device", new JsonPrimitive(bench.run.device),
                                        "maxSteps", new JsonPrimitive(runSteps),
                                        "threads", new JsonPrimitive(bench.run.threads)))
                        .config();
        Path out = Files.createTempDirectory("sphereclr-gpu-check");
        try (PretrainRun run = PretrainRun.create(c, out, null)) {
            RunSummary s = run.run();
            boolean ok = s.finalLoss() != null && s.steps() == runSteps;
            return new Row(
                    "SimCLR + SEC, quickstart, " + runSteps + " steps",
                    String.format(
                            Locale.ROOT,
                            "final loss %.4f, %.1f views/s",
                            s.finalLoss() == null ? Double.NaN : s.finalLoss(),
                            s.medianViewsPerSecond() == null
                                    ? Double.NaN
                                    : s.medianViewsPerSecond()),
                    ok);
        } finally {
            DurableFolders.deleteTree(out);
        }
    }
}

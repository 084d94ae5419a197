package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.run.Checkpoints;
import dev.sphereclr.runtime.NativeAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM at random moments of a training process (starting, training, checkpointing): each stop
 * exits 143 without a JVM crash, and the stopped run's newest checkpoint equals, bit for bit, an
 * unbroken run's at the same step. Before {@link GracefulStop}, 2 stops of 8 crashed in {@code
 * libtorch_cpu.so}.
 */
class StopOnSigtermTest {

    /** Stops in a row; {@code -Dsphereclr.sigterm.rounds} changes it. */
    private static final int ROUNDS = Integer.getInteger("sphereclr.sigterm.rounds", 20);

    /** More steps than the rounds reach: every round is stopped, none finishes. */
    private static final int STEPS = 100_000;

    @TempDir Path tmp;

    /**
     * A training process as {@code pretrain} runs one: creates the run in {@code args[0]}, or
     * resumes it if it has a checkpoint; stops after step {@code args[1]} if given.
     */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            Path out = Path.of(args[0]);
            PretrainConfig c = config();
            EngineThreads.set(c.run.threads);
            boolean resume = !new Checkpoints(out.resolve("checkpoints"), 3).list().isEmpty();
            boolean stopped;
            try (PretrainRun run =
                    resume
                            ? PretrainRun.resumeWith(out, TinyRuns.loader(c), c)
                            : PretrainRun.create(c, out, TinyRuns.loader(c))) {
                run.run(args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE);
                stopped = run.stopped();
            }
            System.exit(stopped ? 143 : 0);
        }
    }

    /**
     * Steps long enough, and libtorch on two threads, for a stop to land inside libtorch: with
     * 16-pixel images on one thread the crash was not seen in 20 stops, with these it was within
     * 10.
     */
    static PretrainConfig config() {
        PretrainConfig c = TinyRuns.config();
        c.data.imageSize = 32;
        c.budget.batchSize = 32;
        c.run.threads = 2;
        c.budget.epochs = STEPS; // one step an epoch: the budget is the smaller of the two
        c.budget.maxSteps = STEPS;
        c.run.checkpointEvery = 10; // so that stops land inside checkpoint writes too
        return c;
    }

    private static Process start(Path out, Path logs, String... more) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:ErrorFile=" + logs.resolve("hs_err_pid%p.log"));
        command.add("-Dai.djl.offline=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Child.class.getName());
        command.add(out.toString());
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(logs.resolve("console-" + System.nanoTime() + ".txt").toFile());
        // As the commands run: under jemalloc where it is installed.
        NativeAllocator.find()
                .ifPresent(lib -> builder.environment().put("LD_PRELOAD", lib.toString()));
        return builder.start();
    }

    @Test
    void everyStopExits143WithoutACrashAndTheStoppedRunIsBitIdentical() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path broken = tmp.resolve("broken");
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<String> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            Process p = start(broken, logs);
            long delay = random.nextLong(300, 3000); // from the JVM's start to well into training
            p.waitFor(delay, TimeUnit.MILLISECONDS);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(3, TimeUnit.MINUTES), "round " + i + " did not stop");
            rounds.add(delay + " ms: " + p.exitValue());
            assertEquals(
                    143, p.exitValue(), "seed " + seed + ", rounds " + rounds + "; " + logs(logs));
        }
        try (Stream<Path> files = Files.list(logs)) {
            List<String> crashes =
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.startsWith("hs_err"))
                            .toList();
            assertEquals(List.of(), crashes, "seed " + seed + ", rounds " + rounds);
        }
        Path last = new Checkpoints(broken.resolve("checkpoints"), 3).latest().orElseThrow();
        long step = Long.parseLong(last.getFileName().toString().substring("step-".length()));
        Path unbroken = tmp.resolve("unbroken");
        assertEquals(0, start(unbroken, logs, Long.toString(step)).waitFor(), logs(logs));
        Path reference = unbroken.resolve("checkpoints").resolve(last.getFileName());
        for (String file : List.of(Checkpoints.MODEL_FILE, Checkpoints.OPTIMIZER_FILE)) {
            assertArrayEquals(
                    Files.readAllBytes(reference.resolve(file)),
                    Files.readAllBytes(last.resolve(file)),
                    file + " at step " + step + ", rounds " + rounds);
        }
        assertEquals(history(unbroken, step), history(broken, step), "rounds " + rounds);
    }

    /** The rows of steps 1 to {@code step} without their timings, which differ between runs. */
    private static List<String> history(Path run, long step) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .skip(1)
                .map(row -> String.join(",", List.of(row.split(",", -1)).subList(0, 9)))
                .filter(row -> Long.parseLong(row.substring(0, row.indexOf(','))) <= step)
                .toList();
    }

    private static String logs(Path logs) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                all.append(f.getFileName())
                        .append(":\n")
                        .append(text.substring(Math.max(0, text.length() - 3000)));
            }
        }
        return all.toString();
    }
}

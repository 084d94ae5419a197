package dev.sphereclr.bench.budget;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.bench.peer.SideBySide;
import dev.sphereclr.pretrain.config.PretrainConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch peer under the same budget: {@code shared/bench/peer_budget.py} pretrains SimCLR with
 * torchvision for the same minutes on the same images, then runs its own fast linear probe and
 * weighted kNN. Its network is ResNet-18 with the CIFAR stem at our arms' width and batch size; its
 * optimizer and temperature are the script's own (SGD, lr 0.5, T 0.5), which is what a PyTorch user
 * running it gets. With {@code minutes = 0} it gives the random-init floor under its probe, which
 * tells how far the two probes agree.
 *
 * <p>A finished arm ({@code result.json} present) is not run again; an interrupted one starts over,
 * as the script keeps no checkpoints.
 */
final class PeerArm {

    private static final Logger LOG = LoggerFactory.getLogger(PeerArm.class);

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    final String name;
    final Path folder;
    private final List<String> command;
    private final int threads;
    private Process process;

    /**
     * An arm running {@code command} with {@code threads} OpenMP threads, whose script writes
     * {@code folder/result.json}.
     */
    PeerArm(String name, Path folder, List<String> command, int threads) {
        this.name = name;
        this.folder = folder;
        this.command = List.copyOf(command);
        this.threads = threads;
    }

    /**
     * The peer's arm for {@code minutes} of pretraining, refusing settings it cannot reproduce.
     *
     * @param ours the configuration of our SimCLR arm, whose network and batch the peer copies
     */
    static PeerArm of(
            String name, double minutes, BudgetExperiment.Settings s, PretrainConfig ours) {
        if (s.data == null
                || !Files.isDirectory(s.data.resolve("train"))
                || !Files.isDirectory(s.data.resolve("test"))) {
            throw new IllegalArgumentException(
                    "--peer needs --data to be an image folder with train/ and test/ (such as the"
                            + " CIFAR-10 JPEG export); got "
                            + s.data);
        }
        if (!ours.model.arch.equals("resnet18") || ours.data.imageSize != 32) {
            throw new IllegalArgumentException(
                    "--peer runs ResNet-18 with the CIFAR stem on 32 px images; --arch = "
                            + ours.model.arch
                            + ", image size "
                            + ours.data.imageSize);
        }
        if (SideBySide.findPeer(s.peer).isEmpty()) {
            throw new IllegalArgumentException(
                    "--peer "
                            + s.peer
                            + ": needs the script and "
                            + PYTHON
                            + " with torch and torchvision (apt-get install -y python3-torch"
                            + " python3-torchvision)");
        }
        Path folder = s.out.resolve(name);
        List<String> command =
                new ArrayList<>(
                        List.of(
                                PYTHON.toString(),
                                s.peer.toString(),
                                "--train",
                                s.data.resolve("train").toString(),
                                "--test",
                                s.data.resolve("test").toString(),
                                "--minutes",
                                Double.toString(minutes),
                                "--width",
                                Double.toString(ours.model.width),
                                "--batch",
                                Integer.toString(ours.budget.batchSize),
                                "--threads",
                                Integer.toString(s.threads),
                                "--workers",
                                Integer.toString(s.workers),
                                "--seed",
                                Long.toString(s.seed),
                                "--out",
                                folder.resolve("result.json").toString()));
        return new PeerArm(name, folder, command, s.threads);
    }

    boolean finished() {
        return Files.isRegularFile(folder.resolve("result.json"));
    }

    /** Starts the script, unless it is running already or has finished before. */
    void start() throws IOException {
        if (process != null) {
            return;
        }
        if (finished()) {
            LOG.info("{}: already done in {}; not run again", name, folder);
            return;
        }
        Files.createDirectories(folder);
        Path log = folder.resolveSibling(name + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        LOG.info("{}: starting {}; log in {}", name, String.join(" ", command), log);
        process = builder.start();
    }

    void await() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        int code = ArmRun.waitFor(process);
        if (code != 0 || !finished()) {
            throw new IOException(
                    name
                            + ": the peer failed (exit code "
                            + code
                            + "); see "
                            + folder.resolveSibling(name + ".log"));
        }
    }

    /** The arm's outcome from the script's result.json. */
    BudgetResults.Arm result(int trainImages) throws IOException {
        Path file = folder.resolve("result.json");
        JsonObject r;
        try {
            r =
                    JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                            .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + ": not the peer's result JSON: " + e.getMessage(), e);
        }
        BudgetResults.Arm a = new BudgetResults.Arm();
        a.name = name;
        a.encoder = "PyTorch " + r.get("torch").getAsString() + " (" + command.get(1) + ")";
        a.steps = r.get("steps").getAsLong();
        double seconds = r.get("pretrain_s").getAsDouble();
        a.pretrainMinutes = seconds / 60;
        a.epochs = r.get("views_seen").getAsDouble() / 2 / trainImages;
        a.viewsPerSecond = seconds > 0 ? r.get("views_seen").getAsDouble() / seconds : 0;
        a.linearTop1 = r.get("linear_top1").getAsDouble();
        a.knnTop1 = r.get("knn_top1").getAsDouble();
        a.linearTop5 = Double.NaN;
        a.knnTop5 = Double.NaN;
        a.finalLoss = Double.NaN;
        a.finalNormVariance = Double.NaN;
        JsonArray curve = r.getAsJsonArray("curve");
        if (curve != null && !curve.isEmpty()) {
            int tail = Math.max(1, curve.size() / 20);
            double loss = 0;
            double variance = 0;
            for (int i = curve.size() - tail; i < curve.size(); i++) {
                JsonArray row = curve.get(i).getAsJsonArray();
                loss += row.get(2).getAsDouble();
                variance += row.get(3).getAsDouble();
            }
            a.finalLoss = loss / tail;
            a.finalNormVariance = variance / tail;
        }
        a.report = file.toString();
        return a;
    }
}

package dev.sphereclr.bench.budget;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.augment.transform.Augmentation;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.bench.peer.SideBySide;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.pretrain.config.PretrainConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch peer under the same budget: {@code bench/peer/peer_budget.py} pretrains SimCLR with
 * torchvision for the same minutes on the same images, then runs its own fast linear probe and
 * weighted kNN. Its network is ResNet-18 with our arms' stem, width and batch size, its views those
 * of our arms (size, colour jitter, blur, normalization); its optimizer and temperature are the
 * script's own (SGD, lr 0.5, T 0.5), which is what a PyTorch user running it gets. With {@code
 * minutes = 0} it gives the random-init floor under its probe, which tells how far the two probes
 * agree.
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
        Path test = s.data == null ? null : testSplit(s.data);
        if (test == null || !Files.isDirectory(s.data.resolve("train"))) {
            throw new IllegalArgumentException(
                    "--peer needs --data to be an image folder with train/ and test/ or val/ (such"
                            + " as the CIFAR-10 JPEG export or Imagenette); got "
                            + s.data);
        }
        if (!ours.model.arch.equals("resnet18")) {
            throw new IllegalArgumentException(
                    "--peer runs ResNet-18; --arch = " + ours.model.arch);
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
                                test.toString(),
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
        command.addAll(views(ours));
        return new PeerArm(name, folder, command, s.threads);
    }

    /** The split evaluated: test/, else val/ (ImageNet's and Imagenette's name), else null. */
    private static Path testSplit(Path data) {
        for (String split : List.of("test", "val")) {
            if (Files.isDirectory(data.resolve(split))) {
                return data.resolve(split);
            }
        }
        return null;
    }

    /**
     * The peer's options for our arm's views: size, stem, normalization, evaluation size, colour
     * jitter and blur (its crop, flip, grayscale and jitter probability are SimCLR's, as ours).
     */
    static List<String> views(PretrainConfig ours) {
        int size = ours.data.imageSize;
        ViewConfig eval = ours.evalView();
        Augmentation a = ours.augmentation();
        return List.of(
                "--size",
                Integer.toString(size),
                "--stem",
                ours.resolvedStem(),
                "--normalize",
                Arrays.equals(eval.mean(), EvalPreprocessing.IMAGENET_MEAN)
                        ? "imagenet"
                        : "cifar10",
                "--eval-size",
                Integer.toString(eval.size()),
                "--eval-resize",
                Integer.toString(EvalPreprocessing.resizeFor(eval.size())),
                "--jitter",
                String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%s",
                        a.jitterBrightness(),
                        a.jitterContrast(),
                        a.jitterSaturation(),
                        a.jitterHue()),
                "--blur",
                Double.toString(a.blurProbability()));
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

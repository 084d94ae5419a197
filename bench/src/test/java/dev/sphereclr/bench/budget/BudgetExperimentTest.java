package dev.sphereclr.bench.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.watch.MetricsRow;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.testing.ImageFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetExperimentTest {

    @TempDir Path tmp;

    @Test
    void bothArmsPretrainSideBySideAndTheResultsTableAndChartsAreWritten() throws Exception {
        Path images = ImageFolders.twoClassFolder(tmp, 16);
        BudgetExperiment.Settings s = new BudgetExperiment.Settings();
        s.minutes = 0.01;
        s.dataset = Datasets.Kind.FOLDER;
        s.data = images;
        s.out = tmp.resolve("budget");
        s.knnK = 5;
        s.evalThreads = 1;
        s.pretrainArgs =
                List.of(
                        "--width",
                        "0.25",
                        "--batch-size",
                        "8",
                        "--head-hidden",
                        "32",
                        "--head-out",
                        "16",
                        "--optimizer",
                        "sgd",
                        "--lr",
                        "0.05",
                        "--lr-scaling",
                        "none",
                        "--checkpoint-every",
                        "2");
        BudgetResults r = BudgetExperiment.run(s);

        assertEquals(
                List.of("random-init", "simclr", "simclr-sec"),
                r.arms.stream().map(a -> a.name).toList());
        for (BudgetResults.Arm a : r.arms.subList(1, 3)) {
            assertTrue(a.steps > 0, a.name + " trained");
            assertTrue(a.linearTop1 >= 0 && a.linearTop1 <= 1);
            assertTrue(Files.isRegularFile(s.out.resolve(a.name + "/encoder/manifest.json")));
        }
        BudgetResults saved = Json.read(s.out.resolve("results.json"), BudgetResults.class);
        assertEquals(3, saved.arms.size());
        String md = Files.readString(s.out.resolve("results.md"));
        assertTrue(md.contains("| simclr-sec |"), md);
        assertTrue(md.contains("SEC weight 0.01"), md);
        for (String chart : List.of("accuracy.png", "loss.png", "norm-variance.png")) {
            assertNotNull(ImageIO.read(s.out.resolve(chart).toFile()), chart);
        }

        // Again with the same folder: the finished arms are kept, not trained again.
        Path summary = s.out.resolve("simclr/summary.json");
        FileTime before = Files.getLastModifiedTime(summary);
        BudgetExperiment.run(s);
        assertEquals(before, Files.getLastModifiedTime(summary));
    }

    @Test
    void tailMeansAverageTheLastTwentiethOfTheSteps() throws Exception {
        StringBuilder csv = new StringBuilder(MetricsRow.header(List.of("sec")) + "\n");
        for (int i = 1; i <= 40; i++) {
            // total loss i, of which contrastive i - 0.5: the SEC arm's total is not compared
            csv.append(i).append(",0,0.1,").append(i).append(",").append(i - 0.5);
            csv.append(",0,0,0,").append(2 * i);
            csv.append(",1,0,\n");
        }
        Path f = tmp.resolve("metrics.csv");
        Files.writeString(f, csv);
        double[] tail = BudgetResults.tailMeans(f);
        assertEquals(39.0, tail[0], 1e-12);
        assertEquals(79.0, tail[1], 1e-12);
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        assertEquals(2, Cli.execute(new BudgetCommand(), "--schedule", "sometimes"));
        assertEquals(2, Cli.execute(new BudgetCommand(), "--minutes", "0"));
        assertEquals(2, Cli.execute(new BudgetCommand(), "--dataset", "mnist"));
        assertEquals(2, Cli.execute(new BudgetCommand(), "--minutes", "5", "--steps", "100"));
        assertEquals(2, Cli.execute(new BudgetCommand(), "--steps", "0"));
        // What budget sets for each arm is refused in --pretrain-args, not silently overridden.
        assertEquals(
                2, Cli.execute(new BudgetCommand(), "--pretrain-args=--lr 0.3 --sec-target zero"));
        assertEquals(
                "--pretrain-args: --width is set by budget for each arm: use budget's --width",
                BudgetCommand.ownedOption(List.of("--lr", "0.3", "--width=0.5")));
        assertNull(BudgetCommand.ownedOption(List.of("--lr", "0.3", "--warmup-epochs", "1")));
        // A bad pretraining setting is refused before either arm starts, as a bad argument.
        Path out = tmp.resolve("bad");
        assertEquals(
                2,
                Cli.execute(
                        new BudgetCommand(),
                        "--pretrain-args=--lr -1",
                        "--data",
                        tmp.toString(),
                        "--out",
                        out.toString()));
        assertFalse(Files.exists(out.resolve("simclr.log")), "no arm was started");
    }

    @Test
    void aStepsBudgetRunsEachArmForThatManyStepsAndRefusesThePeer() throws Exception {
        BudgetExperiment.Settings s = new BudgetExperiment.Settings();
        s.steps = 7;
        s.out = tmp.resolve("steps");
        PretrainConfig c = new ArmRun("simclr", s, List.of("--sec-weight", "0")).config();
        assertEquals(7, c.budget.maxSteps);
        assertEquals(0, c.budget.minutes);

        BudgetResults r = new BudgetResults();
        r.stepsPerArm = 7;
        r.minutes = 60;
        r.pretrainArgs = List.of();
        assertTrue(BudgetResults.markdown(r, List.of()).startsWith("# Budget experiment: 7 steps"));

        s.peer = tmp.resolve("peer_budget.py");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BudgetExperiment.run(s));
        assertTrue(e.getMessage().contains("--peer needs a budget in --minutes"), e.getMessage());
        assertFalse(Files.exists(s.out.resolve("simclr.log")), "no arm was started");
    }

    @Test
    void theArmsAreNamedAfterTheMethodAndTheL2ArmPullsTheNormsTowardZero() {
        BudgetExperiment.Settings s = new BudgetExperiment.Settings();
        s.secWeight = 0.1;
        assertEquals(
                List.of("simclr", "simclr-sec"),
                BudgetExperiment.arms(s).stream().map(a -> a.name).toList());

        s.l2Arm = true;
        List<ArmRun> arms = BudgetExperiment.arms(s);
        assertEquals(
                List.of("simclr", "simclr-sec", "simclr-l2"),
                arms.stream().map(a -> a.name).toList());
        PretrainConfig sec = arms.get(1).config();
        PretrainConfig l2 = arms.get(2).config();
        assertEquals(0, arms.get(0).config().sec.weight);
        assertEquals(0.1, sec.sec.weight);
        assertEquals(0.1, l2.sec.weight);
        assertEquals(SphericalEmbeddingConstraint.Target.MEAN, sec.sec.target);
        assertEquals(SphericalEmbeddingConstraint.Target.ZERO, l2.sec.target);
        assertEquals(s.out.resolve("simclr-l2"), arms.get(2).folder);

        s.pretrainArgs = List.of("--recipe", "mocov2-cifar10");
        assertEquals(
                List.of("mocov2", "mocov2-sec", "mocov2-l2"),
                BudgetExperiment.arms(s).stream().map(a -> a.name).toList());
    }

    @Test
    void thePeersResultBecomesAnArm() throws Exception {
        Path folder = tmp.resolve("pytorch-simclr");
        Files.createDirectories(folder);
        StringBuilder curve = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            curve.append(i == 1 ? "" : ",")
                    .append("[")
                    .append(20 * i)
                    .append(", 1.0, ")
                    .append(i)
                    .append(", ")
                    .append(2 * i)
                    .append("]");
        }
        Files.writeString(
                folder.resolve("result.json"),
                "{\"peer\": \"pytorch\", \"torch\": \"1.13.0\", \"steps\": 800,"
                        + " \"pretrain_s\": 600, \"views_seen\": 204800, \"knn_top1\": 0.41,"
                        + " \"linear_top1\": 0.45, \"curve\": ["
                        + curve
                        + "]}");
        PeerArm arm = new PeerArm("pytorch-simclr", folder, List.of("python3", "peer.py"), 1);
        assertTrue(arm.finished());
        BudgetResults.Arm a = arm.result(50_000);
        assertEquals(800, a.steps);
        assertEquals(10.0, a.pretrainMinutes, 1e-12);
        assertEquals(204800 / 2.0 / 50_000, a.epochs, 1e-12);
        assertEquals(204800 / 600.0, a.viewsPerSecond, 1e-9);
        assertEquals(0.45, a.linearTop1, 0);
        assertEquals(0.41, a.knnTop1, 0);
        assertEquals(39.5, a.finalLoss, 1e-12);
        assertEquals(79.0, a.finalNormVariance, 1e-12);
        assertTrue(Double.isNaN(a.linearTop5));

        Files.writeString(folder.resolve("result.json"), "RESULT peer budget");
        java.io.IOException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        java.io.IOException.class, () -> arm.result(50_000));
        assertTrue(e.getMessage().contains("result.json"), e.getMessage());
    }

    @Test
    void thePeerNeedsAnImageFolderWithTrainAndTest() throws Exception {
        BudgetExperiment.Settings s = new BudgetExperiment.Settings();
        s.peer = tmp.resolve("peer_budget.py");
        s.data = tmp.resolve("cifar");
        Files.createDirectories(s.data.resolve("train"));
        PretrainConfig ours = dev.sphereclr.pretrain.cli.PretrainCommand.parseConfig(List.of());
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> PeerArm.of("p", 1, s, ours));
        assertTrue(
                e.getMessage().contains("--peer") && e.getMessage().contains("test/"),
                e.getMessage());

        Files.createDirectories(s.data.resolve("test"));
        ours.model.arch = "resnet50";
        e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> PeerArm.of("p", 1, s, ours));
        assertTrue(e.getMessage().contains("--arch = resnet50"), e.getMessage());

        ours.model.arch = "resnet18";
        e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> PeerArm.of("p", 1, s, ours));
        assertTrue(e.getMessage().contains("peer_budget.py"), e.getMessage());
    }

    @Test
    void thePeerTakesValForTestAsImageNetFoldersHaveIt() throws Exception {
        BudgetExperiment.Settings s = new BudgetExperiment.Settings();
        s.peer = tmp.resolve("peer_budget.py");
        s.data = tmp.resolve("imagenette");
        Files.createDirectories(s.data.resolve("train"));
        Files.createDirectories(s.data.resolve("val"));
        PretrainConfig ours = dev.sphereclr.pretrain.cli.PretrainCommand.parseConfig(List.of());
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> PeerArm.of("p", 1, s, ours));
        // Past the folder check: what is missing now is the script.
        assertTrue(e.getMessage().contains("peer_budget.py"), e.getMessage());
    }

    @Test
    void thePeerSeesOurArmsViews() throws Exception {
        PretrainConfig cifar = dev.sphereclr.pretrain.cli.PretrainCommand.parseConfig(List.of());
        assertEquals(
                List.of(
                        "--size",
                        "32",
                        "--stem",
                        "cifar",
                        "--normalize",
                        "cifar10",
                        "--eval-size",
                        "32",
                        "--eval-resize",
                        "32",
                        "--jitter",
                        "0.4,0.4,0.4,0.1",
                        "--blur",
                        "0.0"),
                PeerArm.views(cifar));
        PretrainConfig imagenette =
                dev.sphereclr.pretrain.cli.PretrainCommand.parseConfig(
                        List.of("--recipe", "simclr-imagenette", "--data", "x"));
        assertEquals(
                List.of(
                        "--size",
                        "64",
                        "--stem",
                        "imagenet",
                        "--normalize",
                        "cifar10",
                        "--eval-size",
                        "96",
                        "--eval-resize",
                        "110",
                        "--jitter",
                        "0.4,0.4,0.4,0.1",
                        "--blur",
                        "0.0"),
                PeerArm.views(imagenette)); // evaluated larger than trained (FixRes), the peer too
        PretrainConfig large =
                dev.sphereclr.pretrain.cli.PretrainCommand.parseConfig(
                        List.of(
                                "--recipe",
                                "simclr-imagenette",
                                "--data",
                                "x",
                                "--image-size",
                                "96",
                                "--resolution-schedule",
                                "",
                                "--eval-size",
                                "96",
                                "--augmentation",
                                "simclr-imagenet",
                                "--jitter-brightness",
                                "0.8",
                                "--jitter-contrast",
                                "0.8",
                                "--jitter-saturation",
                                "0.8",
                                "--jitter-hue",
                                "0.2",
                                "--blur-probability",
                                "0.5"));
        assertEquals(
                List.of(
                        "--size",
                        "96",
                        "--stem",
                        "imagenet",
                        "--normalize",
                        "imagenet",
                        "--eval-size",
                        "96",
                        "--eval-resize",
                        "110",
                        "--jitter",
                        "0.8,0.8,0.8,0.2",
                        "--blur",
                        "0.5"),
                PeerArm.views(large));
    }

    @Test
    void aPeerArmStartedTwiceRunsOnce() throws Exception {
        Path folder = tmp.resolve("peer");
        String script =
                "echo launched >> '"
                        + tmp.resolve("launches")
                        + "'; sleep 0.3; mkdir -p '"
                        + folder
                        + "'; echo '{}' > '"
                        + folder.resolve("result.json")
                        + "'";
        PeerArm arm = new PeerArm("peer", folder, List.of("sh", "-c", script), 1);
        arm.start();
        arm.start();
        arm.await();
        assertTrue(arm.finished());
        assertEquals(List.of("launched"), Files.readAllLines(tmp.resolve("launches")));
        // A new experiment over the same folder finds the result and does not run the peer again.
        PeerArm again = new PeerArm("peer", folder, List.of("sh", "-c", script), 1);
        again.start();
        again.await();
        assertEquals(1, Files.readAllLines(tmp.resolve("launches")).size());
    }
}

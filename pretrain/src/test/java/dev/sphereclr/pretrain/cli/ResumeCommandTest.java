package dev.sphereclr.pretrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.runtime.cli.Cli;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrain --resume} on an image folder: the stored run continues, as it was set. */
class ResumeCommandTest {

    @TempDir Path tmp;

    private Path folder() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        Path root = tmp.resolve("images");
        for (String c : new String[] {"a", "b"}) {
            Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 8; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        img.setRGB(x, y, random.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", root.resolve(c).resolve(i + ".png").toFile());
            }
        }
        Files.write(root.resolve("b").resolve("broken.png"), new byte[] {1, 2, 3});
        return root;
    }

    private static int run(String... args) {
        return Cli.execute(new PretrainCommand(), args);
    }

    @Test
    void aBareResumeKeepsTheStoredThreadsAndAChangedSettingIsRefused() throws IOException {
        Path data = folder();
        Path out = tmp.resolve("run");
        PretrainConfig c =
                PretrainCommand.parseConfig(
                        java.util.List.of(
                                "--dataset",
                                "folder",
                                "--data",
                                data.toString(),
                                "--skip-bad-images",
                                "--image-size",
                                "16",
                                "--width",
                                "0.25",
                                "--head-hidden",
                                "32",
                                "--head-out",
                                "16",
                                "--batch-size",
                                "8",
                                "--max-steps",
                                "4",
                                "--checkpoint-every",
                                "2",
                                "--threads",
                                "1",
                                "--workers",
                                "1",
                                "--layout",
                                "channels-first",
                                "--lr",
                                "0.1"));
        assertEquals(Datasets.Kind.FOLDER, c.data.dataset);
        try (PretrainRun started = PretrainRun.create(c, out, null)) {
            started.run(2);
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        int refused;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            refused = run("--resume", "--out", out.toString(), "--lr", "0.3");
        } finally {
            System.setErr(before);
        }
        assertEquals(2, refused);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("lr (stored 0.1, given 0.3)"), message);

        System.clearProperty("ai.djl.pytorch.num_threads");
        assertEquals(0, run("--resume", "--out", out.toString()));
        assertEquals("1", System.getProperty("ai.djl.pytorch.num_threads"));
        JsonObject summary =
                JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                        .getAsJsonObject();
        assertEquals(4, summary.get("steps").getAsInt());
        assertEquals(1, summary.get("skippedImages").getAsInt());
        assertEquals(
                1,
                summary.getAsJsonObject("config").getAsJsonObject("run").get("threads").getAsInt());

        // A setting given again with its stored value is accepted; a changeable one is recorded.
        assertEquals(
                0,
                run("--resume", "--out", out.toString(), "--lr", "0.1", "--checkpoint-every", "3"));
        JsonObject config =
                JsonParser.parseString(Files.readString(out.resolve("config.json")))
                        .getAsJsonObject();
        assertEquals(3, config.getAsJsonObject("run").get("checkpointEvery").getAsInt());

        // Any checkpoint of the run leaves as an export, with its safetensors for PyTorch.
        Path early = tmp.resolve("export-2");
        assertEquals(
                0,
                Cli.execute(
                        new ExportCommand(),
                        "--run",
                        out.toString(),
                        "--checkpoint",
                        "2",
                        "--out",
                        early.toString()));
        try (FrozenEncoder fromCheckpoint = FrozenEncoder.load(early);
                FrozenEncoder fromEnd = FrozenEncoder.load(out.resolve("encoder"));
                FrozenEncoder fromSafetensors =
                        FrozenEncoder.load(early.resolve(EncoderManifest.SAFETENSORS_FILE))) {
            assertEquals(
                    2L, ((Number) fromCheckpoint.manifest().provenance.get("steps")).longValue());
            assertTrue(!fromCheckpoint.id().equals(fromEnd.id()), "step 2 is not step 4");
            float[] a = fromCheckpoint.embed(ImageIO.read(data.resolve("a/0.png").toFile()));
            float[] b = fromSafetensors.embed(ImageIO.read(data.resolve("a/0.png").toFile()));
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5f);
            }
        }
        assertEquals(
                2, Cli.execute(new ExportCommand(), "--run", out.toString(), "--checkpoint", "7"));
    }
}

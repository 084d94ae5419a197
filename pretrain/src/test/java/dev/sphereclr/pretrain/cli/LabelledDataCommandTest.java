package dev.sphereclr.pretrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.runtime.cli.Cli;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Methods that learn from labels on data that cannot serve them: refused with exit 2 and a message
 * naming the settings and the data, before the batch-layout probe or any step.
 */
class LabelledDataCommandTest {

    @TempDir Path tmp;

    /** {@code root/<class>/<i>.png}, {@code counts[c]} images in class {@code c}. */
    private Path folder(String name, int... counts) throws IOException {
        Path root = tmp.resolve(name);
        for (int c = 0; c < counts.length; c++) {
            Path dir = Files.createDirectories(root.resolve("class-" + c));
            for (int i = 0; i < counts[c]; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                img.setRGB(i % 8, c % 8, 0xffffff);
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    private record Refusal(int code, String err, boolean outMade) {}

    /** {@code pretrain --method METHOD} on {@code data} at a tiny size, then what it said. */
    private Refusal pretrain(Path data, String... more) {
        Path out = tmp.resolve("run-" + data.getFileName() + "-" + more.length);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--dataset", "folder",
                                "--data", data.toString(),
                                "--image-size", "16",
                                "--width", "0.25",
                                "--max-steps", "1",
                                "--threads", "1",
                                "--workers", "1",
                                "--out", out.toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.execute(new PretrainCommand(), args.toArray(String[]::new));
        } finally {
            System.setErr(before);
        }
        return new Refusal(
                code,
                err.toString(StandardCharsets.UTF_8).strip(),
                Files.exists(out.resolve("metrics.csv")));
    }

    private static void refused(Refusal r, String message) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(!r.outMade(), "no step was taken");
    }

    @Test
    void dataWithoutLabelsOrWithTooFewClassesIsRefusedBeforeAnyWork() throws IOException {
        Path flat = Files.createDirectories(tmp.resolve("flat"));
        ImageIO.write(
                new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                "png",
                flat.resolve("0.png").toFile());
        refused(
                pretrain(flat, "--method", "supcon"),
                flat
                        + ": no class sub-folders (expected root/<class>/<image>: the folders name"
                        + " the labels)");

        Path one = folder("one", 6);
        refused(
                pretrain(
                        one, "--method", "triplet", "--batch-size", "6", "--images-per-class", "3"),
                "--method triplet learns from labels: ");

        Path three = folder("three", 6, 6, 1);
        refused(
                pretrain(
                        three,
                        "--method",
                        "triplet",
                        "--batch-size",
                        "12",
                        "--images-per-class",
                        "3"),
                "--images-per-class 3 with --batch-size 12: a batch of 4 classes x 3 images needs"
                        + " 4 classes; the data has 3");
        refused(
                pretrain(
                        three, "--method", "npair", "--batch-size", "6", "--images-per-class", "4"),
                "--images-per-class = 4 is outside its legal range: 0, or 2 or more dividing the"
                        + " batch size 6");
        refused(
                pretrain(three, "--class-split", "first-half", "--method", "supcon"),
                "--method supcon learns from labels: ");
        refused(
                pretrain(three, "--init-from", tmp.resolve("none.safetensors").toString()),
                "--init-from " + tmp.resolve("none.safetensors") + ": no such file");
    }
}

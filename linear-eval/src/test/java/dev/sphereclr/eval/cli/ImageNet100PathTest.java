package dev.sphereclr.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sphereclr.augment.data.ClassLists;
import dev.sphereclr.pretrain.cli.PretrainCommand;
import dev.sphereclr.runtime.cli.Cli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageNet-100 path end to end, on a folder shaped as ImageNet unpacks ({@code train/} and
 * {@code val/} of WordNet-id folders of {@code .JPEG} files of many sizes, more classes than the
 * subset): the recipe picks its 100 classes, trains, exports; {@code eval} with the same class list
 * reports on them. Only the sizes are narrowed, so that the test runs in seconds.
 */
class ImageNet100PathTest {

    @TempDir Path tmp;

    /** Classes of ImageNet-1k outside ImageNet-100, which the class list leaves out. */
    private static final List<String> OTHERS = List.of("n01440764", "n15075141");

    private static void jpeg(Path file, SplittableRandom random) throws IOException {
        int w = 20 + random.nextInt(30);
        int h = 20 + random.nextInt(30);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int colour = random.nextInt(1 << 24);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x + y) % 7 == 0 ? random.nextInt(1 << 24) : colour);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "jpg", file.toFile());
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private Path imagenet() throws IOException {
        System.setProperty("sphereclr.cache", tmp.resolve("cache").toString());
        List<String> classes = new ArrayList<>(OTHERS);
        Files.readAllLines(ClassLists.resolve(Path.of("imagenet100")), StandardCharsets.UTF_8)
                .stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(classes::add);
        SplittableRandom random = new SplittableRandom(100);
        Path root = tmp.resolve("imagenet");
        for (String wnid : classes) {
            for (int i = 0; i < 2; i++) {
                jpeg(root.resolve("train/" + wnid + "/" + wnid + "_" + i + ".JPEG"), random);
            }
            jpeg(root.resolve("val/" + wnid + "/ILSVRC2012_val_" + wnid + ".JPEG"), random);
        }
        return root;
    }

    @Test
    void theRecipeTrainsOnItsHundredClassesAndEvalReportsOnThem() throws IOException {
        Path data = imagenet();
        Path run = tmp.resolve("run");
        int trained =
                Cli.execute(
                        new PretrainCommand(),
                        "--recipe",
                        "simclr-imagenet100",
                        "--data",
                        data.toString(),
                        "--width",
                        "0.25",
                        "--image-size",
                        "32",
                        "--batch-size",
                        "16",
                        "--max-steps",
                        "2",
                        "--threads",
                        "1",
                        "--workers",
                        "1",
                        "--layout",
                        "channels-first",
                        "--out",
                        run.toString());
        assertEquals(0, trained);
        JsonObject config = json(run.resolve("config.json"));
        assertEquals(
                "imagenet100",
                config.getAsJsonObject("data").get("classList").getAsString(),
                "the recipe's class list");
        JsonObject summary = json(run.resolve("summary.json"));
        assertEquals(2, summary.get("steps").getAsInt());

        Path out = tmp.resolve("eval");
        int evaluated =
                Cli.execute(
                        new EvalCommand(),
                        "--encoder",
                        run.resolve("encoder").toString(),
                        "--dataset",
                        "folder",
                        "--data",
                        data.toString(),
                        "--class-list",
                        "imagenet100",
                        "--knn-k",
                        "5",
                        "--epochs",
                        "2",
                        "--cache",
                        tmp.resolve("features").toString(),
                        "--out",
                        out.toString());
        assertEquals(0, evaluated);
        JsonObject report = json(out.resolve("report.json"));
        assertEquals(100, report.getAsJsonArray("classes").size());
        assertFalse(report.get("classes").toString().contains(OTHERS.get(0)));
        assertEquals(200, report.get("trainImages").getAsInt());
        assertEquals(100, report.get("testImages").getAsInt());
    }
}

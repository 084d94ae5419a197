package dev.sphereclr.augment.cli;

import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.augment.transform.ViewTransform;
import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommonOptions;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code contact-sheet}: a PNG with one row per image, the image (centre view) first, then its
 * augmented views, each scaled up for the eye. For the README and for tuning presets.
 */
@Command(
        name = "contact-sheet",
        mixinStandardHelpOptions = true,
        description = "Writes a PNG of N images beside their augmented views.")
public final class ContactSheetCommand implements Callable<Integer> {

    @Mixin CommonOptions common;

    @Mixin DatasetOptions data;

    @Option(
            names = "--preset",
            description = "simclr-cifar, simclr-imagenet, mocov2 (default: ${DEFAULT-VALUE}).")
    String preset = "simclr-cifar";

    @Option(names = "--size", description = "View side in pixels (default: ${DEFAULT-VALUE}).")
    int size = 32;

    @Option(names = "--images", description = "Rows (default: ${DEFAULT-VALUE}).")
    int images = 8;

    @Option(names = "--views", description = "Views per image (default: ${DEFAULT-VALUE}).")
    int views = 6;

    @Option(names = "--scale", description = "Pixel magnification (default: ${DEFAULT-VALUE}).")
    int scale = 3;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = ComputeOptions.DEFAULT_SEED;

    @Option(names = "--out", description = "The PNG to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("contact-sheet.png");

    @Override
    public Integer call() {
        try {
            if (images < 1 || views < 1 || scale < 1 || size < 8) {
                throw new IllegalArgumentException(
                        "--images, --views and --scale must be >= 1 and --size >= 8");
            }
            write(open(), Presets.byName(preset, size));
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("contact-sheet: " + e.getMessage());
            return Cli.exitCode(e);
        }
    }

    /**
     * The training split the dataset options name: like every command's, {@code --dataset}
     * (default: the bundled sample), or a {@code --data} whose kind is guessed.
     */
    private ImageDataset open() throws IOException {
        if (data.dataset == null && data.data != null) {
            Datasets.check(null, data.data);
            return Datasets.open(data.data, true);
        }
        return Datasets.open(
                data.datasetOr(Datasets.Kind.CIFAR10_SAMPLE),
                data.data,
                data.classList,
                Boolean.TRUE.equals(data.skipBadImages),
                true);
    }

    private void write(ImageDataset dataset, ViewConfig config) throws IOException {
        ViewTransform view = config.build();
        ViewConfig plain =
                config.toBuilder()
                        .optCenterCrop(size)
                        .optFlip(0)
                        .optColorJitter(0, 0, 0, 0, 0)
                        .optGrayscale(0)
                        .optBlur(0, 0, 0.1, 2)
                        .optSolarize(0, 0.5)
                        .build();
        int cell = size * scale + 4;
        BufferedImage sheet =
                new BufferedImage(cell * (views + 1), cell * images, BufferedImage.TYPE_INT_RGB);
        int stride = Math.max(1, dataset.size() / images);
        for (int row = 0; row < images; row++) {
            int index = (row * stride) % dataset.size();
            RgbImage image = dataset.image(index);
            draw(sheet, plain.build().apply(image, null), config, 2, row * cell + 2, scale);
            for (int v = 0; v < views; v++) {
                FloatImage out = view.apply(image, ViewSeeds.forView(seed, 0, index, v));
                draw(sheet, out, config, (v + 1) * cell + 2, row * cell + 2, scale);
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(sheet, "png", out.toFile())) {
            throw new IOException("no PNG writer");
        }
        System.out.println(
                "wrote "
                        + out
                        + ": "
                        + images
                        + " images of "
                        + dataset.describe()
                        + " x "
                        + views
                        + " views, preset "
                        + preset);
    }

    /** Draws a normalized view, undoing the normalization. */
    private static void draw(
            BufferedImage sheet, FloatImage img, ViewConfig config, int x0, int y0, int scale) {
        float[] mean = config.mean();
        float[] std = config.std();
        int n = img.planeSize();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = img.data()[c * n + y * img.width() + x] * std[c] + mean[c];
                    int b = Math.max(0, Math.min(255, Math.round(v * 255)));
                    rgb = rgb << 8 | b;
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        sheet.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }
}

package dev.sphereclr.eval;

import dev.sphereclr.augment.loader.RandomBatches;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.train.PretrainConfig;
import dev.sphereclr.pretrain.train.PretrainRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Tiny encoders and image folders the tests make themselves. */
final class Fixtures {

    private Fixtures() {}

    /** Pretrains a tiny ResNet-18 (width 1/16) for a few steps and returns its export folder. */
    static Path tinyEncoder(Path dir) throws IOException {
        PretrainConfig c = new PretrainConfig();
        c.width = 0.25;
        c.imageSize = 32;
        c.batchSize = 8;
        c.headHidden = 32;
        c.headOut = 16;
        c.maxSteps = 3;
        c.warmupEpochs = 0;
        c.optimizer = Optimizer.Kind.SGD;
        c.lr = 0.05;
        c.lrScaling = LearningRateSchedule.Scaling.NONE;
        c.threads = 1;
        c.checkpointEvery = 100;
        Path out = dir.resolve("pretrain");
        try (PretrainRun run = PretrainRun.create(c, out, new RandomBatches(8, 2, 32, 10, 1))) {
            run.run();
        }
        return out.resolve("encoder");
    }

    /**
     * An image folder with {@code train/} and {@code test/}, two classes: reddish squares on the
     * left and bluish squares on the right, 32x32 PNGs.
     */
    static Path twoClassFolder(Path dir, int perClass) throws IOException {
        Path root = dir.resolve("images");
        SplittableRandom random = new SplittableRandom(5);
        for (String split : new String[] {"train", "test"}) {
            for (int c = 0; c < 2; c++) {
                Path folder = root.resolve(split).resolve(c == 0 ? "left-red" : "right-blue");
                Files.createDirectories(folder);
                for (int i = 0; i < perClass; i++) {
                    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                    int x0 = c == 0 ? random.nextInt(4) : 16 + random.nextInt(4);
                    int y0 = random.nextInt(16);
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            boolean inside = x >= x0 && x < x0 + 12 && y >= y0 && y < y0 + 12;
                            int noise = random.nextInt(40);
                            int rgb =
                                    inside
                                            ? (c == 0
                                                    ? (200 + noise) << 16 | 40 << 8 | 40
                                                    : 40 << 16 | 60 << 8 | (200 + noise))
                                            : (noise << 16 | noise << 8 | noise);
                            img.setRGB(x, y, rgb);
                        }
                    }
                    ImageIO.write(
                            img, "png", folder.resolve(String.format("%03d.png", i)).toFile());
                }
            }
        }
        return root;
    }
}

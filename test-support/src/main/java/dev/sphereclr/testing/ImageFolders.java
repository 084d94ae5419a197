package dev.sphereclr.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Image folders a linear probe can tell apart: the tests' stand-in for a real dataset. */
public final class ImageFolders {

    private ImageFolders() {}

    /**
     * An image folder with {@code train/} and {@code test/}, two classes: reddish squares on the
     * left and bluish squares on the right, 32x32 PNGs.
     */
    public static Path twoClassFolder(Path dir, int perClass) throws IOException {
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

package org.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.pretrain.export.EncoderExport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's two ways to embed run and agree with each other. */
class EmbedImagesTest {

    @TempDir Path tmp;

    @Test
    void bothWaysEmbedAnImageFileAlike() throws Exception {
        Path encoder = tmp.resolve("encoder");
        try (FrozenEncoder random = RandomEncoder.of("random:resnet18-cifar@0.25", 42)) {
            EncoderExport.write(random.block(), random.manifest(), encoder);
        }
        BufferedImage picture = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                picture.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 90);
            }
        }
        Path image = tmp.resolve("cat.png");
        ImageIO.write(picture, "png", image.toFile());

        float[] plain = EmbedImages.embed(encoder, image);
        assertEquals(128, plain.length);
        assertArrayEquals(plain, EmbedImages.embedWithDjl(encoder, image), 1e-5f);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            EmbedImages.main(new String[] {encoder.toString(), image.toString()});
        } finally {
            System.setOut(before);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("128 floats; plain ["));
    }
}

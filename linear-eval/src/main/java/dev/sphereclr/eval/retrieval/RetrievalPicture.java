package dev.sphereclr.eval.retrieval;

import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.eval.report.RetrievalSection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The report's picture of retrieval: a row per example query, the query first (framed blue) and
 * then the images it retrieved, best first, framed green where they share its class and red where
 * they do not.
 */
public final class RetrievalPicture {

    private static final int SIDE = 72;
    private static final int PAD = 6;
    private static final int LABEL = 14;
    private static final Color QUERY = new Color(0x1f, 0x5f, 0xbf);
    private static final Color HIT = new Color(0x1a, 0x9e, 0x3a);
    private static final Color MISS = new Color(0xd0, 0x2a, 0x2a);

    private RetrievalPicture() {}

    /** The picture of {@code r}'s examples, their images read from {@code test}, as PNG. */
    public static byte[] png(RetrievalSection r, ImageDataset test) throws IOException {
        int columns = 1 + r.examples.stream().mapToInt(e -> e.retrieved.length).max().orElse(0);
        int width = PAD + columns * (SIDE + PAD) + PAD;
        int height = PAD + r.examples.size() * (SIDE + LABEL + PAD);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int y = PAD;
        for (RetrievalSection.Example e : r.examples) {
            int x = PAD;
            tile(g, test.image(e.query), x, y, QUERY);
            g.setColor(Color.DARK_GRAY);
            g.drawString(e.queryClass, x, y + SIDE + LABEL - 3);
            x += SIDE + PAD + PAD;
            for (int j = 0; j < e.retrieved.length; j++) {
                tile(g, test.image(e.retrieved[j]), x, y, e.hits[j] ? HIT : MISS);
                x += SIDE + PAD;
            }
            y += SIDE + LABEL + PAD;
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }

    /** The image's centre square, scaled to the tile, in a frame of {@code frame}'s colour. */
    private static void tile(Graphics2D g, RgbImage image, int x, int y, Color frame) {
        int side = Math.min(image.height(), image.width());
        int x0 = (image.width() - side) / 2;
        int y0 = (image.height() - side) / 2;
        g.drawImage(buffered(image), x, y, x + SIDE, y + SIDE, x0, y0, x0 + side, y0 + side, null);
        g.setColor(frame);
        g.setStroke(new BasicStroke(4));
        g.drawRect(x, y, SIDE, SIDE);
    }

    /** The image as Java2D draws it (HWC RGB bytes to packed RGB). */
    private static BufferedImage buffered(RgbImage image) {
        BufferedImage b =
                new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                b.setRGB(
                        x,
                        y,
                        image.get(y, x, 0) << 16 | image.get(y, x, 1) << 8 | image.get(y, x, 2));
            }
        }
        return b;
    }
}

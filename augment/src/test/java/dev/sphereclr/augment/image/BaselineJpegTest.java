package dev.sphereclr.augment.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class BaselineJpegTest {

    /** Smooth gradients, saturated patches and noise: every coefficient range and the clamps. */
    static BufferedImage picture(int w, int h, int type, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / Math.max(1, w - 1) + random.nextInt(60)) & 0xFF;
                int g = (y * 255 / Math.max(1, h - 1)) ^ (random.nextInt(4) == 0 ? 0xFF : 0);
                int b = ((x / 5 + y / 3) % 2 == 0) ? 255 : 0;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /**
     * JPEG bytes from the JDK's encoder: luma sampling {@code h}x{@code v} (chroma 1x1), a restart
     * interval of {@code restart} MCUs (0: none), progressive or not.
     */
    static byte[] encode(
            BufferedImage img, float quality, int h, int v, int restart, boolean progressive)
            throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(img), param);
        String format = "javax_imageio_jpeg_image_1.0";
        Element root = (Element) meta.getAsTree(format);
        NodeList specs = root.getElementsByTagName("componentSpec");
        for (int i = 0; i < specs.getLength(); i++) {
            Element spec = (Element) specs.item(i);
            spec.setAttribute("HsamplingFactor", Integer.toString(i == 0 ? h : 1));
            spec.setAttribute("VsamplingFactor", Integer.toString(i == 0 ? v : 1));
        }
        if (restart > 0) {
            Node sequence = root.getElementsByTagName("markerSequence").item(0);
            Element dri = new javax.imageio.metadata.IIOMetadataNode("dri");
            dri.setAttribute("interval", Integer.toString(restart));
            sequence.insertBefore(dri, sequence.getFirstChild());
        }
        meta.setFromTree(format, root);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static void assertEmpty(java.util.Optional<RgbImage> decoded, String what) {
        assertTrue(decoded.isEmpty(), what);
    }

    static void assertSameAsImageIo(byte[] jpeg, String what) throws IOException {
        RgbImage fast =
                BaselineJpeg.decode(jpeg)
                        .orElseThrow(
                                () -> new AssertionError(what + ": the fast path should take it"));
        RgbImage reference = ImageDecoder.decodeWithImageIo(jpeg, what);
        assertEquals(reference.height(), fast.height(), what);
        assertEquals(reference.width(), fast.width(), what);
        byte[] a = reference.pixels();
        byte[] b = fast.pixels();
        if (!Arrays.equals(a, b)) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    int px = i / 3;
                    throw new AssertionError(
                            String.format(
                                    "%s: first difference at row %d, column %d, channel %d:"
                                            + " ImageIO %d, fast %d",
                                    what,
                                    px / fast.width(),
                                    px % fast.width(),
                                    i % 3,
                                    a[i] & 0xFF,
                                    b[i] & 0xFF));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1} sampling {2}x{3} quality {4} restart {5}")
    @CsvSource({
        "32, 32, 2, 2, 0.75, 0",
        "32, 32, 2, 2, 0.95, 0",
        "32, 32, 1, 1, 0.75, 0",
        "32, 32, 2, 1, 0.75, 0",
        "33, 17, 2, 2, 0.5, 0",
        "17, 33, 2, 1, 0.9, 0",
        "1, 1, 2, 2, 0.75, 0",
        "2, 3, 2, 2, 0.75, 0",
        "3, 2, 2, 1, 0.75, 0",
        "5, 7, 2, 2, 0.75, 0",
        "100, 75, 2, 2, 0.85, 0",
        "64, 48, 2, 2, 0.75, 3",
        "61, 40, 1, 1, 0.3, 1",
        "224, 160, 2, 2, 1.0, 0"
    })
    void colourImagesDecodeExactlyAsImageIoDoes(
            int w, int h, int hs, int vs, float quality, int restart) throws IOException {
        BufferedImage img = picture(w, h, BufferedImage.TYPE_3BYTE_BGR, w * 31L + h);
        byte[] jpeg = encode(img, quality, hs, vs, restart, false);
        // The encoder did what was asked: luma sampling in the frame header, restart marker.
        int sof = markerAt(jpeg, 0xC0);
        assertEquals(hs << 4 | vs, jpeg[sof + 11] & 0xFF, "luma sampling factors");
        assertEquals(restart > 0, markerAt(jpeg, 0xDD) > 0, "restart interval marker");
        assertSameAsImageIo(jpeg, w + "x" + h + " " + hs + "x" + vs + " q" + quality);
    }

    /** The offset of the first marker {@code FF code} before the scan, or -1. */
    static int markerAt(byte[] jpeg, int code) {
        int i = 2;
        while (i + 3 < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int m = jpeg[i + 1] & 0xFF;
            if (m == code) {
                return i;
            }
            if (m == 0xDA) {
                return -1;
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF));
        }
        return -1;
    }

    @Test
    void grayscaleImagesDecodeExactlyAsImageIoDoes() throws IOException {
        for (int[] size : new int[][] {{32, 32}, {13, 29}, {1, 1}, {70, 9}}) {
            BufferedImage img =
                    picture(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY, size[0] + size[1]);
            assertSameAsImageIo(encode(img, 0.8f, 1, 1, 0, false), "gray " + Arrays.toString(size));
        }
    }

    @Test
    void progressiveAndDamagedStreamsAreLeftToImageIo() throws IOException {
        BufferedImage img = picture(40, 40, BufferedImage.TYPE_3BYTE_BGR, 9);
        assertEmpty(BaselineJpeg.decode(encode(img, 0.8f, 2, 2, 0, true)), "progressive");
        byte[] whole = encode(img, 0.8f, 2, 2, 0, false);
        assertEmpty(BaselineJpeg.decode(Arrays.copyOf(whole, whole.length / 2)), "truncated");
        assertEmpty(BaselineJpeg.decode(new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 1}), "garbage");
        // Through ImageDecoder, the fallback still decodes the progressive file.
        RgbImage viaFallback =
                ImageDecoder.decode(encode(img, 0.8f, 2, 2, 0, true), "progressive.jpg");
        assertEquals(40, viaFallback.width());
    }

    @Test
    void theFastPathIsWhatImageDecoderUsesForBaselineFiles() throws IOException {
        byte[] jpeg =
                encode(picture(32, 32, BufferedImage.TYPE_3BYTE_BGR, 4), 0.75f, 2, 2, 0, false);
        assertArrayEquals(
                BaselineJpeg.decode(jpeg).orElseThrow().pixels(),
                ImageDecoder.decode(jpeg, "x.jpg").pixels());
        byte[] large =
                encode(picture(97, 96, BufferedImage.TYPE_3BYTE_BGR, 4), 0.75f, 2, 2, 0, false);
        assertEmpty(
                BaselineJpeg.decode(large, ImageDecoder.FAST_JPEG_MAX_PIXELS),
                "past the size limit ImageIO decodes");
        assertTrue(BaselineJpeg.decode(large).isPresent());
    }

    @Test
    void aTruncatedJpegIsAnErrorNamingTheFileNotAGreyImage() throws IOException {
        for (int side : new int[] {32, 224}) {
            byte[] whole =
                    encode(
                            picture(side, side, BufferedImage.TYPE_3BYTE_BGR, 3),
                            0.9f,
                            2,
                            2,
                            0,
                            false);
            assertEquals(side, ImageDecoder.decode(whole, "whole.jpg").width());
            for (int cut : new int[] {whole.length / 2, whole.length - 40, whole.length - 2}) {
                byte[] truncated = Arrays.copyOf(whole, cut);
                IOException e =
                        assertThrows(
                                IOException.class,
                                () -> ImageDecoder.decode(truncated, "cut.jpg"),
                                side + " px cut at " + cut + " of " + whole.length);
                assertTrue(e.getMessage().startsWith("cut.jpg: damaged image"), e.getMessage());
            }
        }
    }
}

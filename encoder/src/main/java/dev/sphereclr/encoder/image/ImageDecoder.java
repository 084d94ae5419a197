package dev.sphereclr.encoder.image;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG files to {@link RgbImage}. Grayscale, palette, alpha and CMYK images come
 * out as RGB as Pillow's {@code convert("RGB")} gives them (alpha dropped, not composited), 16-bit
 * samples by their high byte (golden cases: {@code decode.json}). ImageIO's disk cache is turned
 * off: it makes decoding about three times slower.
 */
public final class ImageDecoder {

    static {
        ImageIO.setUseCache(false);
    }

    private ImageDecoder() {}

    /**
     * Decodes {@code file}.
     *
     * @throws IOException naming the file when it cannot be read or is not an image
     */
    public static RgbImage decode(Path file) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return decode(bytes, file.toString());
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot decode image: " + e, e);
        }
    }

    /**
     * Decodes an encoded image held in memory; {@code name} (a file name or URL) goes into error
     * messages.
     */
    public static RgbImage decode(byte[] bytes, String name) throws IOException {
        try {
            return decodeWithImageIo(bytes, name);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith(name)) {
                throw e;
            }
            throw new IOException(name + ": cannot decode image: " + e, e);
        }
    }

    private static RgbImage decodeWithImageIo(byte[] bytes, String name) throws IOException {
        ImageReader reader = readerFor(bytes);
        if (reader == null) {
            throw new IOException(name + ": not a readable image (no decoder recognizes it)");
        }
        try (ImageInputStream stream =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(stream, true, true);
            // ImageIO decodes a truncated or damaged JPEG with a warning and fills the rest grey.
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                RgbImage image = fromBufferedImage(reader.read(0));
                if (!warnings.isEmpty()) {
                    throw new IOException(
                            name + ": damaged image (" + String.join("; ", warnings) + ")");
                }
                return image;
            } catch (IIOException e) {
                // ImageIO cannot colour-convert CMYK/YCCK JPEGs but can hand over the raw raster.
                Raster raster = reader.readRaster(0, null);
                if (raster.getNumBands() == 4) {
                    return fromInvertedCmyk(raster);
                }
                throw e;
            } finally {
                reader.reset();
            }
        }
    }

    /**
     * Each thread keeps one JPEG and one PNG reader: looking readers up costs more than decoding a
     * CIFAR image.
     */
    private static final ThreadLocal<ImageReader> JPEG =
            ThreadLocal.withInitial(() -> reader("jpeg"));

    private static final ThreadLocal<ImageReader> PNG =
            ThreadLocal.withInitial(() -> reader("png"));

    private static ImageReader reader(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        return readers.hasNext() ? readers.next() : null;
    }

    /** The reader for the format the magic bytes announce, or any reader ImageIO finds. */
    private static ImageReader readerFor(byte[] bytes) throws IOException {
        if (bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
            return JPEG.get();
        }
        if (bytes.length > 8
                && (bytes[0] & 0xFF) == 0x89
                && bytes[1] == 'P'
                && bytes[2] == 'N'
                && bytes[3] == 'G') {
            return PNG.get();
        }
        try (ImageInputStream probe =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(probe);
            return readers.hasNext() ? readers.next() : null;
        }
    }

    /** A DJL {@link Image} as RGB bytes. */
    public static RgbImage fromDjlImage(Image image) {
        if (image.getWrappedImage() instanceof BufferedImage b) {
            return fromBufferedImage(b);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray hwc = image.toNDArray(m, Image.Flag.COLOR);
            int h = (int) hwc.getShape().get(0);
            int w = (int) hwc.getShape().get(1);
            return new RgbImage(h, w, hwc.toType(DataType.UINT8, false).toByteArray());
        }
    }

    /** Converts any {@link BufferedImage} to RGB bytes. */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] out = new byte[h * w * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0, n = h * w; i < n; i++) {
                out[3 * i] = bgr[3 * i + 2];
                out[3 * i + 1] = bgr[3 * i + 1];
                out[3 * i + 2] = bgr[3 * i];
            }
        } else if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] gray = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0, n = h * w; i < n; i++) {
                out[3 * i] = gray[i];
                out[3 * i + 1] = gray[i];
                out[3 * i + 2] = gray[i];
            }
        } else if (image.getColorModel() instanceof ComponentColorModel components
                && !components.isAlphaPremultiplied()
                && colours(components) > 0
                && image.getRaster().getNumBands()
                        == colours(components) + (components.hasAlpha() ? 1 : 0)) {
            fromSamples(
                    image.getRaster(), colours(components), components.getComponentSize(0), out);
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (p >> 16);
                    out[o + 1] = (byte) (p >> 8);
                    out[o + 2] = (byte) p;
                }
            }
        }
        return new RgbImage(h, w, out);
    }

    /** 1 for a gray colour space, 3 for sRGB, 0 for any other (converted by Java's colour code). */
    private static int colours(ComponentColorModel model) {
        ColorSpace space = model.getColorSpace();
        if (space.getType() == ColorSpace.TYPE_GRAY) {
            return 1;
        }
        return space.isCS_sRGB() ? 3 : 0;
    }

    /**
     * Gray and sRGB samples as the file holds them, alpha dropped, 16-bit samples by their high
     * byte (as Pillow reads 16-bit colour). Java's own conversion goes through a linear gray space
     * for gray images, which shifts every 16-bit or alpha-carrying gray pixel.
     */
    private static void fromSamples(Raster raster, int colours, int bits, byte[] out) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int shift = Math.max(0, bits - 8);
        int max = (1 << Math.min(bits, 8)) - 1;
        int[] px = new int[raster.getNumBands()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, px);
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int v = px[colours == 1 ? 0 : c] >>> shift;
                    out[o + c] = (byte) (max == 255 ? v : v * 255 / max);
                }
            }
        }
    }

    /**
     * CMYK as Adobe stores it in JPEG (inverted: 255 means no ink): \( R = C' K' / 255 \), and so
     * on.
     */
    static RgbImage fromInvertedCmyk(Raster raster) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        byte[] out = new byte[h * w * 3];
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, px);
                int o = (y * w + x) * 3;
                out[o] = (byte) (px[0] * px[3] / 255);
                out[o + 1] = (byte) (px[1] * px[3] / 255);
                out[o + 2] = (byte) (px[2] * px[3] / 255);
            }
        }
        return new RgbImage(h, w, out);
    }
}

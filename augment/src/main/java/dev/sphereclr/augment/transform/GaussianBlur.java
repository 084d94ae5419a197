package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * With probability {@code p}, blurs with a Gaussian of odd size {@code kernelSize} and \( \sigma \)
 * drawn uniformly from {@code [sigmaMin, sigmaMax]} (SimCLR: kernel 10% of the image side, \(
 * \sigma \in [0.1, 2] \)).
 */
public final class GaussianBlur implements ImageTransform {

    private final int kernelSize;
    private final double sigmaMin;
    private final double sigmaMax;
    private final double p;

    /**
     * @param kernelSize odd, positive
     * @param sigmaMin positive
     * @param sigmaMax at least sigmaMin
     * @param p probability in [0, 1]
     */
    public GaussianBlur(int kernelSize, double sigmaMin, double sigmaMax, double p) {
        if (kernelSize <= 0 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException(
                    "blur kernel size must be odd and positive, got " + kernelSize);
        }
        if (!(sigmaMin > 0 && sigmaMin <= sigmaMax)) {
            throw new IllegalArgumentException(
                    "blur sigma must satisfy 0 < min <= max, got " + sigmaMin + ".." + sigmaMax);
        }
        this.kernelSize = kernelSize;
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.p = Probability.check("blur probability", p);
    }

    /** The odd kernel size closest above 10% of {@code side}, as SimCLR uses. */
    public static int kernelForSide(int side) {
        int k = Math.max(3, (int) (0.1 * side));
        return k % 2 == 0 ? k + 1 : k;
    }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (random.nextDouble() >= p) {
            return image;
        }
        double sigma = sigmaMin + (sigmaMax - sigmaMin) * random.nextDouble();
        return blur(image, kernelSize, sigma);
    }

    /** The normalized 1-D Gaussian kernel torchvision uses: taps at {@code -(k-1)/2 .. (k-1)/2}. */
    static float[] gaussianKernel(int size, double sigma) {
        float[] k = new float[size];
        double half = (size - 1) / 2.0;
        double sum = 0;
        double[] raw = new double[size];
        for (int i = 0; i < size; i++) {
            double x = (i - half) / sigma;
            raw[i] = Math.exp(-0.5 * x * x);
            sum += raw[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] = (float) (raw[i] / sum);
        }
        return k;
    }

    /**
     * Separable Gaussian blur with an odd kernel and reflect padding (the border pixel is not
     * repeated), as torchvision's {@code gaussian_blur}. Returns a new image.
     */
    public static FloatImage blur(FloatImage img, int kernelSize, double sigma) {
        if (kernelSize <= 0 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException(
                    "blur kernel size must be odd and positive, got " + kernelSize);
        }
        int h = img.height();
        int w = img.width();
        int r = kernelSize / 2;
        if (r >= h || r >= w) {
            throw new IllegalArgumentException(
                    "blur kernel " + kernelSize + " is too large for a " + h + "x" + w + " image");
        }
        float[] full = gaussianKernel(kernelSize, sigma);
        // Taps below float resolution change no output by more than ~1e-7: leave them out.
        int skip = 0;
        while (skip < r && full[skip] < 1e-7f) {
            skip++;
        }
        float[] k = Arrays.copyOfRange(full, skip, kernelSize - skip);
        int offset = skip;
        kernelSize = k.length;
        float[] src = img.data();
        FloatImage out = new FloatImage(h, w);
        float[] dst = out.data();
        float[] padded = new float[w + 2 * r];
        float[] tmp = new float[h * w];
        int[] rowIndex = reflectIndex(h, r);
        int n = h * w;
        for (int c = 0; c < 3; c++) {
            int base = c * n;
            // Horizontal pass: reflect-pad one row, then accumulate tap by tap over the row.
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                System.arraycopy(src, row, padded, r, w);
                for (int i = 1; i <= r; i++) {
                    padded[r - i] = src[row + i];
                    padded[r + w - 1 + i] = src[row + w - 1 - i];
                }
                int t0 = y * w;
                for (int x = 0; x < w; x++) {
                    tmp[t0 + x] = k[0] * padded[x + offset];
                }
                for (int t = 1; t < kernelSize; t++) {
                    float kt = k[t];
                    int shift = t + offset;
                    for (int x = 0; x < w; x++) {
                        tmp[t0 + x] += kt * padded[x + shift];
                    }
                }
            }
            // Vertical pass: each output row is a weighted sum of reflected rows of tmp.
            for (int y = 0; y < h; y++) {
                int o = base + y * w;
                int first = rowIndex[y + offset] * w;
                for (int x = 0; x < w; x++) {
                    dst[o + x] = k[0] * tmp[first + x];
                }
                for (int t = 1; t < kernelSize; t++) {
                    float kt = k[t];
                    int from = rowIndex[y + t + offset] * w;
                    for (int x = 0; x < w; x++) {
                        dst[o + x] += kt * tmp[from + x];
                    }
                }
            }
        }
        return out;
    }

    /** Index of padded position {@code p - r} reflected into {@code [0, size)}. */
    private static int[] reflectIndex(int size, int r) {
        int[] idx = new int[size + 2 * r];
        for (int p = 0; p < idx.length; p++) {
            int i = p - r;
            if (i < 0) {
                i = -i;
            } else if (i >= size) {
                i = 2 * (size - 1) - i;
            }
            idx[p] = i;
        }
        return idx;
    }
}

package dev.sphereclr.augment.transform;

import dev.sphereclr.augment.image.FloatImage;
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
        return ImageOps.gaussianBlur(image, kernelSize, sigma);
    }
}

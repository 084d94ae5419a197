package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.Resampling;
import dev.sphereclr.encoder.image.RgbImage;
import java.util.SplittableRandom;

/**
 * Crops a random region of area fraction {@code scale} and aspect ratio {@code ratio}
 * (log-uniform), then resizes it to {@code size x size} with antialiased bilinear interpolation
 * (Szegedy et al. 2015; torchvision's {@code RandomResizedCrop}: ten tries, then a centre crop).
 */
public final class RandomResizedCrop implements CropTransform {

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double logRatioMin;
    private final double logRatioMax;
    private final double ratioMin;
    private final double ratioMax;

    /**
     * @param size output side in pixels
     * @param scaleMin smallest area fraction, in (0, scaleMax]
     * @param scaleMax largest area fraction, in [scaleMin, 1]
     * @param ratioMin smallest width/height ratio, positive
     * @param ratioMax largest width/height ratio, at least ratioMin
     */
    public RandomResizedCrop(
            int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + size);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1)) {
            throw new IllegalArgumentException(
                    "crop scale must satisfy 0 < min <= max <= 1, got "
                            + scaleMin
                            + ".."
                            + scaleMax);
        }
        if (!(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException(
                    "crop ratio must satisfy 0 < min <= max, got " + ratioMin + ".." + ratioMax);
        }
        this.size = size;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
        this.logRatioMin = Math.log(ratioMin);
        this.logRatioMax = Math.log(ratioMax);
    }

    /** The crop {@code {top, left, height, width}} for an image of {@code h x w}. */
    int[] region(int h, int w, SplittableRandom random) {
        double area = (double) h * w;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(random, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(random, logRatioMin, logRatioMax));
            int cw = (int) Math.rint(Math.sqrt(target * aspect));
            int ch = (int) Math.rint(Math.sqrt(target / aspect));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                int top = random.nextInt(h - ch + 1);
                int left = random.nextInt(w - cw + 1);
                return new int[] {top, left, ch, cw};
            }
        }
        double inRatio = (double) w / h;
        int cw;
        int ch;
        if (inRatio < ratioMin) {
            cw = w;
            ch = (int) Math.rint(cw / ratioMin);
        } else if (inRatio > ratioMax) {
            ch = h;
            cw = (int) Math.rint(ch * ratioMax);
        } else {
            cw = w;
            ch = h;
        }
        return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * random.nextDouble();
    }

    @Override
    public FloatImage apply(RgbImage image, SplittableRandom random) {
        int[] r = region(image.height(), image.width(), random);
        return Resampling.resizedCrop(image, r[0], r[1], r[2], r[3], size, size);
    }
}

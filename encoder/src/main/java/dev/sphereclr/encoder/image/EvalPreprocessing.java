package dev.sphereclr.encoder.image;

/**
 * The evaluation preprocessing of an encoder: the image at the input size (CIFAR-sized inputs), or
 * its short side resized to {@code 256/224} of it and the centre taken (ImageNet-sized), then each
 * channel standardized, \( (x - \mu_c) / \sigma_c \). Deterministic; augment's evaluation views
 * ({@code Presets.evalCifar}, {@code evalImageNet}) compute the same.
 */
public final class EvalPreprocessing {

    /** CIFAR-10 training-set statistics, as solo-learn uses. */
    public static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f};

    public static final float[] CIFAR_STD = {0.247f, 0.243f, 0.261f};

    /** ImageNet statistics. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final ResizeCenterCrop crop;
    private final int size;
    private final float[] mean;
    private final float[] std;

    /**
     * @param size the encoder's input side
     * @param mean three channel means
     * @param std three positive channel standard deviations
     */
    public EvalPreprocessing(int size, float[] mean, float[] std) {
        FloatImage.checkStatistics(mean, std);
        this.size = size;
        this.crop = new ResizeCenterCrop(resizeFor(size), size);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * The short side before the centre crop: the size itself for small inputs, else 256/224 of it.
     */
    public static int resizeFor(int size) {
        return ImageScale.small(size) ? size : (int) Math.round(size * 256.0 / 224.0);
    }

    /** The input side. */
    public int size() {
        return size;
    }

    /** The normalized {@code 3 x size x size} view of {@code image}. */
    public FloatImage apply(RgbImage image) {
        FloatImage view = crop.apply(image);
        view.normalize(mean, std);
        return view;
    }
}

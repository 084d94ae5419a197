package dev.sphereclr.augment.transform;

import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.image.ImageScale;
import java.util.Locale;

/**
 * The augmentation recipes of the papers, as view settings.
 *
 * <ul>
 *   <li>SimCLR (Chen et al. 2020, arXiv:2002.05709): crop 0.08-1, flip, colour jitter of strength s
 *       as (0.8s, 0.8s, 0.8s, 0.2s) with p 0.8, grayscale 0.2; on ImageNet s = 1 and a blur with p
 *       0.5 (kernel 10% of the side, sigma 0.1-2); on CIFAR s = 0.5 and no blur.
 *   <li>MoCo v2 (Chen et al. 2020, arXiv:2003.04297): crop 0.2-1, jitter (0.4, 0.4, 0.4, 0.1) with
 *       p 0.8, grayscale 0.2, blur p 0.5, flip.
 *   <li>The SEC authors' SimCLR on CIFAR (Zhang et al.'s SimCLR_pytorch_distributed, {@code
 *       main_supcon.py}, after SupContrast): crop 0.2-1, flip, jitter (0.4, 0.4, 0.4, 0.1) with p
 *       0.8, grayscale 0.2, no blur.
 *   <li>Evaluation: CIFAR normalization only; ImageNet resize 256 and centre-crop 224.
 * </ul>
 */
public final class Presets {

    private Presets() {}

    /** SimCLR's CIFAR-10 view at {@code size} (32 for CIFAR). */
    public static ViewConfig simclrCifar(int size) {
        double s = 0.5;
        return ViewConfig.builder()
                .setSize(size)
                .optCropScale(0.08, 1.0)
                .optColorJitter(0.8 * s, 0.8 * s, 0.8 * s, 0.2 * s, 0.8)
                .optGrayscale(0.2)
                .optNormalize(EvalPreprocessing.CIFAR_MEAN, EvalPreprocessing.CIFAR_STD)
                .build();
    }

    /** The SEC authors' SimCLR view of CIFAR images at {@code size} (32 for CIFAR). */
    public static ViewConfig secCifar(int size) {
        return ViewConfig.builder()
                .setSize(size)
                .optCropScale(0.2, 1.0)
                .optColorJitter(0.4, 0.4, 0.4, 0.1, 0.8)
                .optGrayscale(0.2)
                .optNormalize(EvalPreprocessing.CIFAR_MEAN, EvalPreprocessing.CIFAR_STD)
                .build();
    }

    /** SimCLR's ImageNet view at {@code size} (224; the blur kernel is 23 there). */
    public static ViewConfig simclrImageNet(int size) {
        return ViewConfig.builder()
                .setSize(size)
                .optCropScale(0.08, 1.0)
                .optColorJitter(0.8, 0.8, 0.8, 0.2, 0.8)
                .optGrayscale(0.2)
                .optBlur(0.5, GaussianBlur.kernelForSide(size), 0.1, 2.0)
                .optNormalize(EvalPreprocessing.IMAGENET_MEAN, EvalPreprocessing.IMAGENET_STD)
                .build();
    }

    /** The evaluation view of images of side {@code size}: CIFAR's or ImageNet's. */
    public static ViewConfig evalFor(int size) {
        return ImageScale.small(size) ? evalCifar() : evalImageNet(size);
    }

    /** MoCo v2's view at {@code size}, with the statistics of CIFAR (small images) or ImageNet. */
    public static ViewConfig mocoV2(int size) {
        boolean small = ImageScale.small(size);
        return ViewConfig.builder()
                .setSize(size)
                .optCropScale(0.2, 1.0)
                .optColorJitter(0.4, 0.4, 0.4, 0.1, 0.8)
                .optGrayscale(0.2)
                .optBlur(0.5, GaussianBlur.kernelForSide(size), 0.1, 2.0)
                .optNormalize(
                        small ? EvalPreprocessing.CIFAR_MEAN : EvalPreprocessing.IMAGENET_MEAN,
                        small ? EvalPreprocessing.CIFAR_STD : EvalPreprocessing.IMAGENET_STD)
                .build();
    }

    /** CIFAR evaluation: the 32x32 image, normalized. */
    public static ViewConfig evalCifar() {
        return evalFor(32, EvalPreprocessing.CIFAR_MEAN, EvalPreprocessing.CIFAR_STD);
    }

    /** ImageNet evaluation: resize the short side to {@code 256/224 * size}, centre-crop. */
    public static ViewConfig evalImageNet(int size) {
        return evalFor(size, EvalPreprocessing.IMAGENET_MEAN, EvalPreprocessing.IMAGENET_STD);
    }

    /**
     * The evaluation view of an encoder of input side {@code size}: what the encoder's {@link
     * EvalPreprocessing} computes, as a view the loader's workers make.
     */
    public static ViewConfig evalFor(int size, float[] mean, float[] std) {
        return ViewConfig.builder()
                .setSize(size)
                .optCenterCrop(EvalPreprocessing.resizeFor(size))
                .optFlip(0)
                .optNormalize(mean, std)
                .build();
    }

    /**
     * Looks a preset up by name: {@code simclr-cifar}, {@code simclr-imagenet}, {@code sec-cifar},
     * {@code mocov2}, {@code eval-cifar}, {@code eval-imagenet}.
     */
    public static ViewConfig byName(String name, int size) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "simclr-cifar" -> simclrCifar(size);
            case "simclr-imagenet" -> simclrImageNet(size);
            case "sec-cifar" -> secCifar(size);
            case "mocov2" -> mocoV2(size);
            case "eval-cifar" -> evalCifar();
            case "eval-imagenet" -> evalImageNet(size);
            default ->
                    throw new IllegalArgumentException(
                            "unknown augmentation preset '"
                                    + name
                                    + "'; known: simclr-cifar, simclr-imagenet, sec-cifar, mocov2,"
                                    + " eval-cifar, eval-imagenet");
        };
    }
}

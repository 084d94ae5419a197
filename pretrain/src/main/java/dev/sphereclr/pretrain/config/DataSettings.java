package dev.sphereclr.pretrain.config;

import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.transform.Augmentation;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.encoder.settings.LegalRange;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The images and their views: the dataset, the view size (or a progressive-resizing schedule), the
 * augmentation's parameters, and multi-crop's small views.
 */
public final class DataSettings extends SettingGroup {

    static final String TITLE = "Data and views";

    @Setting(sharedOption = true)
    public Datasets.Kind dataset = Datasets.Kind.CIFAR10;

    @Setting(name = "data", sharedOption = true, operational = true)
    public String path;

    @Setting(sharedOption = true, operational = true)
    public String classList;

    @Setting(sharedOption = true, operational = true)
    public boolean skipBadImages;

    @Setting(
            operational = true,
            help =
                    "first-half, or a file of training classes: train on one side of a folder's"
                            + " classes (metric learning's protocol); eval --class-split measures"
                            + " retrieval on the other.")
    public String classSplit;

    @Setting(
            help = "Crop size in pixels (32 CIFAR, 224 ImageNet).",
            range = DataSettings.IMAGE_SIZE)
    public int imageSize = 32;

    @Setting(
            help =
                    "Side the export is evaluated and embeds at, --image-size or more (default:"
                            + " --image-size). Above the views' side, objects appear at the size the random crops showed"
                            + " them (FixRes, Touvron et al. 2019): 80 for 64 px views of 80 px"
                            + " images.")
    public Integer evalSize;

    @Setting(
            help =
                    "Progressive resizing: SIZE@FROM,... (16@0,24@0.3,32@0.7: 16 px from the"
                            + " start, 24 px from 30%% of the run, 32 px from 70%%); the last size is"
                            + " --image-size.")
    public String resolutionSchedule;

    @Setting(
            help =
                    "Preset: auto, simclr-cifar, simclr-imagenet, sec-cifar or mocov2. Given"
                            + " here, it replaces the recipe's parameters; the options below"
                            + " change single ones.")
    public String augmentation = "auto";

    @Setting(help = "Smallest area fraction a view crops.")
    public Double cropScaleMin;

    @Setting(help = "Largest area fraction a view crops.")
    public Double cropScaleMax;

    @Setting(help = "Probability of a horizontal flip.")
    public Double flipProbability;

    @Setting(help = "Colour jitter: brightness strength.")
    public Double jitterBrightness;

    @Setting(help = "Colour jitter: contrast strength.")
    public Double jitterContrast;

    @Setting(help = "Colour jitter: saturation strength.")
    public Double jitterSaturation;

    @Setting(help = "Colour jitter: hue strength.")
    public Double jitterHue;

    @Setting(help = "Probability of the colour jitter.")
    public Double jitterProbability;

    @Setting(help = "Probability of grayscale.")
    public Double grayscaleProbability;

    @Setting(help = "Probability of a Gaussian blur (kernel 10%% of the side).")
    public Double blurProbability;

    @Setting(help = "Smallest sigma of the blur.")
    public Double blurSigmaMin;

    @Setting(help = "Largest sigma of the blur.")
    public Double blurSigmaMax;

    @Setting(help = "Probability of solarization (threshold 0.5).")
    public Double solarizeProbability;

    @Setting(
            help =
                    "Multi-crop: small views per image besides the two global ones (SimCLR; 0:"
                            + " off).",
            range = "0..8")
    public int smallCrops;

    @Setting(help = "Multi-crop: side of the small views.")
    public int smallCropSize = 16;

    @Setting(help = "Multi-crop: smallest area fraction a small view crops (SwAV: 0.05).")
    public double smallCropScaleMin = 0.05;

    @Setting(help = "Multi-crop: largest area fraction a small view crops (SwAV: 0.14).")
    public double smallCropScaleMax = 0.14;

    /** The legal view sizes. */
    static final String IMAGE_SIZE = "8..1024";

    /** The augmentation's parameters: the components of {@link Augmentation}, and fields here. */
    static final List<String> VIEW_FIELDS =
            Arrays.stream(Augmentation.class.getRecordComponents())
                    .map(RecordComponent::getName)
                    .toList();

    /** The defaults. */
    public DataSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        require(
                errors,
                c.data.classSplit == null || c.run.knnEvery == 0,
                "--knn-every",
                c.run.knnEvery,
                "0 with --class-split (the kNN monitor classifies the training classes' test"
                        + " images; the split leaves none)");
        require(
                errors,
                c.data.dataset != Datasets.Kind.FOLDER
                        || (c.data.path != null && !c.data.path.isBlank()),
                "--data",
                c.data.path,
                "a folder root/<class>/*.jpg (required with --dataset folder)");
        // Below the views' side is refused: a recipe's size must not outlive a larger --image-size.
        require(
                errors,
                c.data.evalSize == null
                        || c.data.evalSize >= c.data.imageSize
                                && LegalRange.of(IMAGE_SIZE).contains(c.data.evalSize),
                "--eval-size",
                c.data.evalSize,
                "--image-size (" + c.data.imageSize + ") to 1024");
        if (c.data.resolutionSchedule != null && !c.data.resolutionSchedule.isBlank()) {
            try {
                c.resolution();
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (LegalRange.of(IMAGE_SIZE).contains(c.data.imageSize)) {
            try {
                c.augmentation()
                        .applyTo(
                                Presets.byName(c.resolvedAugmentation(), c.data.imageSize)
                                        .toBuilder())
                        .build();
            } catch (IllegalArgumentException e) {
                errors.add(
                        "--augmentation "
                                + c.data.augmentation
                                + " with its parameters: "
                                + e.getMessage());
            }
        }
        if (c.data.smallCrops > 0) {
            require(
                    errors,
                    c.method.kind == PretrainConfig.Method.SIMCLR,
                    "--small-crops",
                    c.data.smallCrops,
                    "0 but for SimCLR");
            require(
                    errors,
                    c.data.smallCropSize >= 8 && c.data.smallCropSize <= c.data.imageSize,
                    "--small-crop-size",
                    c.data.smallCropSize,
                    "8..--image-size (" + c.data.imageSize + ")");
            require(
                    errors,
                    c.data.smallCropScaleMin > 0
                            && c.data.smallCropScaleMin < c.data.smallCropScaleMax
                            && c.data.smallCropScaleMax <= 1,
                    "--small-crop-scale-min/max",
                    c.data.smallCropScaleMin + ".." + c.data.smallCropScaleMax,
                    "0 < min < max <= 1");
        }
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert("jitterBrightness", JITTER, c -> NO_JITTER),
                new Inert("jitterContrast", JITTER, c -> NO_JITTER),
                new Inert("jitterSaturation", JITTER, c -> NO_JITTER),
                new Inert("jitterHue", JITTER, c -> NO_JITTER),
                new Inert("blurSigmaMin", BLUR, c -> "--blur-probability is 0"),
                new Inert("blurSigmaMax", BLUR, c -> "--blur-probability is 0"),
                new Inert("smallCropSize", c -> c.data.smallCrops > 0, c -> NO_SMALL_CROPS),
                new Inert("smallCropScaleMin", c -> c.data.smallCrops > 0, c -> NO_SMALL_CROPS),
                new Inert("smallCropScaleMax", c -> c.data.smallCrops > 0, c -> NO_SMALL_CROPS));
    }

    private static final Predicate<PretrainConfig> JITTER = c -> c.data.jitterProbability > 0;
    private static final Predicate<PretrainConfig> BLUR = c -> c.data.blurProbability > 0;
    private static final String NO_JITTER = "--jitter-probability is 0";
    private static final String NO_SMALL_CROPS = "--small-crops is 0";
}

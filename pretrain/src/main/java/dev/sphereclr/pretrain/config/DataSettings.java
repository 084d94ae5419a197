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
final class DataSettings extends SettingGroup {

    static final String TITLE = "Data and views";

    /** The legal view sizes. */
    static final String IMAGE_SIZE = "8..1024";

    /** The augmentation's parameters: the components of {@link Augmentation}, and fields here. */
    static final List<String> VIEW_FIELDS =
            Arrays.stream(Augmentation.class.getRecordComponents())
                    .map(RecordComponent::getName)
                    .toList();

    DataSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        require(
                errors,
                c.dataset != Datasets.Kind.FOLDER || (c.data != null && !c.data.isBlank()),
                "--data",
                c.data,
                "a folder root/<class>/*.jpg (required with --dataset folder)");
        if (c.resolutionSchedule != null && !c.resolutionSchedule.isBlank()) {
            try {
                c.resolution();
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (LegalRange.of(IMAGE_SIZE).contains(c.imageSize)) {
            try {
                c.augmentation()
                        .applyTo(Presets.byName(c.resolvedAugmentation(), c.imageSize).toBuilder())
                        .build();
            } catch (IllegalArgumentException e) {
                errors.add(
                        "--augmentation "
                                + c.augmentation
                                + " with its parameters: "
                                + e.getMessage());
            }
        }
        if (c.smallCrops > 0) {
            require(
                    errors,
                    c.method == PretrainConfig.Method.SIMCLR,
                    "--small-crops",
                    c.smallCrops,
                    "0 for MoCo v2");
            require(
                    errors,
                    c.smallCropSize >= 8 && c.smallCropSize <= c.imageSize,
                    "--small-crop-size",
                    c.smallCropSize,
                    "8..--image-size (" + c.imageSize + ")");
            require(
                    errors,
                    c.smallCropScaleMin > 0
                            && c.smallCropScaleMin < c.smallCropScaleMax
                            && c.smallCropScaleMax <= 1,
                    "--small-crop-scale-min/max",
                    c.smallCropScaleMin + ".." + c.smallCropScaleMax,
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
                new Inert("smallCropSize", c -> c.smallCrops > 0, c -> NO_SMALL_CROPS),
                new Inert("smallCropScaleMin", c -> c.smallCrops > 0, c -> NO_SMALL_CROPS),
                new Inert("smallCropScaleMax", c -> c.smallCrops > 0, c -> NO_SMALL_CROPS));
    }

    private static final Predicate<PretrainConfig> JITTER = c -> c.jitterProbability > 0;
    private static final Predicate<PretrainConfig> BLUR = c -> c.blurProbability > 0;
    private static final String NO_JITTER = "--jitter-probability is 0";
    private static final String NO_SMALL_CROPS = "--small-crops is 0";
}

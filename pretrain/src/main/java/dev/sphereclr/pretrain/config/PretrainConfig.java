package dev.sphereclr.pretrain.config;

import com.google.common.base.Splitter;
import com.google.gson.JsonObject;
import com.google.gson.annotations.JsonAdapter;
import dev.sphereclr.augment.transform.Augmentation;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.pretrain.nn.ModelSpec;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting of a pretraining run, each declared once here with its {@link Setting} (group,
 * help, range), from which the command line, {@code --help}, {@code --print-config} and the
 * recipes' keys derive. Plain public fields so that the command line, recipes and JSON (run folder,
 * checkpoints, summary) share one shape; {@link #validate()} refuses illegal values before any
 * work, naming the setting and its legal range.
 */
@JsonAdapter(PretrainConfigJson.class)
public final class PretrainConfig {

    /** The method: self-supervised, or learning from labels. */
    public enum Method {
        /** SimCLR (Chen et al. 2020): NT-Xent over two views. */
        SIMCLR,
        /** MoCo v2 (Chen et al. 2020): momentum encoder, queue and InfoNCE. */
        MOCOV2,
        /** SupCon (Khosla et al. 2020): SimCLR's views, every image of a class a positive. */
        SUPCON,
        /** Metric learning, one view: the triplet loss over every triplet of a batch. */
        TRIPLET,
        /** Metric learning, one view: the triplet loss with semi-hard negatives. */
        SEMIHARD_TRIPLET,
        /** Metric learning, one view: the N-pair loss. */
        NPAIR,
        /** Metric learning, one view: the multi-similarity loss. */
        MULTI_SIMILARITY;

        /** Whether it learns from the images' labels. */
        public boolean supervised() {
            return this != SIMCLR && this != MOCOV2;
        }

        /** Whether it is metric learning on pairs of one view: batches must hold K of a class. */
        public boolean pairs() {
            return supervised() && this != SUPCON;
        }

        /** The global views it takes of each image. */
        public int views() {
            return pairs() ? 1 : 2;
        }
    }

    /**
     * The settings a resumed run may change, none of which changes what it computes; every other
     * one is the stored run's, and a checkpoint records them ({@link #fixedSettings()}).
     */
    public static final Set<String> CHANGEABLE_ON_RESUME =
            Set.of("threads", "workers", "checkpointEvery", "keepCheckpoints", "logEvery");

    public final DataSettings data = new DataSettings();
    public final ModelSettings model = new ModelSettings();
    public final MethodSettings method = new MethodSettings();
    public final SecSettings sec = new SecSettings();
    public final OptimizerSettings optimizer = new OptimizerSettings();
    public final BudgetSettings budget = new BudgetSettings();
    public final RunSettings run = new RunSettings();

    /** The devices of {@code --devices}, or the one {@code --device}. */
    public List<String> replicaDevices() {
        if (run.devices == null || run.devices.isBlank()) {
            return List.of(run.device);
        }
        return Splitter.on(',').trimResults().omitEmptyStrings().splitToList(run.devices);
    }

    /** The device the run's model and loss live on: the first of {@link #replicaDevices()}. */
    public String runDevice() {
        return replicaDevices().get(0);
    }

    /**
     * Images per chunk of the step, worked out once: {@code --chunk-size}, or with several replicas
     * and no chunk size one chunk for each; 0 where that is the whole batch (one pass).
     */
    public int effectiveChunk() {
        int replicas = replicaDevices().size();
        int chunk =
                budget.chunkSize == 0 && replicas > 1
                        ? budget.batchSize / replicas
                        : budget.chunkSize;
        return chunk < budget.batchSize ? chunk : 0;
    }

    /** The progressive-resizing schedule, or null for views at the image size throughout. */
    public ResolutionSchedule resolution() {
        String schedule = data.resolutionSchedule;
        return schedule == null || schedule.isBlank()
                ? null
                : ResolutionSchedule.parse("--resolution-schedule", schedule, data.imageSize);
    }

    /** The encoder and head these settings describe. */
    public ModelSpec modelSpec() {
        return new ModelSpec(
                model.arch,
                Stem.valueOf(resolvedStem().toUpperCase(Locale.ROOT)),
                model.width,
                model.zeroInitResidual,
                model.headLayers,
                model.headHidden,
                model.headOut,
                model.headBatchNorm,
                data.imageSize);
    }

    /** The batch layout the settings fix, or null for {@code auto} (measured on this machine). */
    public TensorLayout fixedLayout() {
        return "auto".equals(run.layout) ? null : TensorLayout.parse("--layout", run.layout);
    }

    /** The CIFAR stem for small images, the ImageNet stem otherwise, unless set. */
    public String resolvedStem() {
        if (!"auto".equals(model.stem)) {
            return model.stem;
        }
        return ImageScale.small(data.imageSize) ? "cifar" : "imagenet";
    }

    /**
     * The evaluation view of the run's encoder, which its export declares: the input side, and the
     * normalization its training views used. A preset sets that by name, not by size: SimCLR's
     * ImageNet preset on 64 px views normalizes with ImageNet's statistics, and so must eval.
     */
    public ViewConfig evalView() {
        ViewConfig train = Presets.byName(resolvedAugmentation(), data.imageSize);
        return Presets.evalFor(evalSize(), train.mean(), train.std());
    }

    /** The side the export is evaluated at: {@code --eval-size}, else the views' side. */
    public int evalSize() {
        return data.evalSize != null ? data.evalSize : data.imageSize;
    }

    /** The augmentation preset: the method's paper preset for the image size, unless set. */
    public String resolvedAugmentation() {
        if (!"auto".equals(data.augmentation)) {
            return data.augmentation;
        }
        if (method.kind == Method.MOCOV2) {
            return "mocov2";
        }
        return ImageScale.small(data.imageSize) ? "simclr-cifar" : "simclr-imagenet";
    }

    /**
     * The augmentation's parameters: those set here, the others from the preset {@link
     * #resolvedAugmentation()} at the image size.
     */
    public Augmentation augmentation() {
        JsonObject values =
                Json.GSON
                        .toJsonTree(
                                Presets.byName(resolvedAugmentation(), data.imageSize)
                                        .augmentation())
                        .getAsJsonObject();
        JsonObject set = Settings.flat(this);
        for (String field : values.keySet()) {
            if (set.has(field) && !set.get(field).isJsonNull()) {
                values.add(field, set.get(field));
            }
        }
        return Json.GSON.fromJson(values, Augmentation.class);
    }

    /** Sets every parameter of the augmentation: the data setting of each component's name. */
    public void setAugmentation(Augmentation a) {
        try {
            for (RecordComponent component : Augmentation.class.getRecordComponents()) {
                DataSettings.class
                        .getField(component.getName())
                        .set(data, component.getAccessor().invoke(a));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("an augmentation parameter without its setting", e);
        }
    }

    /**
     * Every setting but those a resume may change, by name (the flat form, as checkpoints have
     * always recorded them): what a checkpoint records.
     */
    public JsonObject fixedSettings() {
        JsonObject tree = Settings.flat(this);
        CHANGEABLE_ON_RESUME.forEach(tree::remove);
        return tree;
    }

    /** A copy (through JSON, so that every field is carried). */
    public PretrainConfig copy() {
        return Json.GSON.fromJson(Json.GSON.toJson(this), PretrainConfig.class);
    }

    /**
     * Refuses illegal settings, all at once.
     *
     * @throws IllegalArgumentException listing every bad setting with its legal range
     */
    public PretrainConfig validate() {
        List<String> errors = Settings.problems(this);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid settings:\n  " + String.join("\n  ", errors));
        }
        return this;
    }
}

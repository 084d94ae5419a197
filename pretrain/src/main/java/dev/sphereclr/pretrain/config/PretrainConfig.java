package dev.sphereclr.pretrain.config;

import com.google.common.base.Splitter;
import com.google.gson.JsonObject;
import dev.sphereclr.augment.cli.ComputeOptions;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.transform.Augmentation;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every setting of a pretraining run. Plain public fields so that the command line, recipes and
 * JSON (run folder, checkpoints, summary) share one shape; {@link #validate()} refuses illegal
 * values before any work, naming the setting and its legal range.
 */
public final class PretrainConfig {

    /** The self-supervised method. */
    public enum Method {
        /** SimCLR (Chen et al. 2020): NT-Xent over two views. */
        SIMCLR,
        /** MoCo v2 (Chen et al. 2020): momentum encoder, queue and InfoNCE. */
        MOCOV2
    }

    /**
     * The settings a resumed run may change, none of which changes what it computes; every other
     * one is the stored run's, and a checkpoint records them ({@link #fixedSettings()}).
     */
    public static final Set<String> CHANGEABLE_ON_RESUME =
            Set.of("threads", "workers", "checkpointEvery", "keepCheckpoints", "logEvery");

    public Method method = Method.SIMCLR;
    public String recipe = "custom";
    public Datasets.Kind dataset = Datasets.Kind.CIFAR10;
    public String data;
    public String classList;
    public boolean skipBadImages;

    public String arch = "resnet18";
    public String stem = "auto";
    public double width = 1.0;

    /**
     * A safetensors file of encoder weights under torchvision's names to start from (continued
     * pretraining), or null for a random initialization; the head starts fresh either way.
     */
    public String initFrom;

    public boolean zeroInitResidual;
    public int headLayers = 2;
    public int headHidden = 2048;
    public int headOut = 128;
    public boolean headBatchNorm = true;

    public int imageSize = 32;
    public String resolutionSchedule;
    public int smallCrops;
    public int smallCropSize = 16;
    public double smallCropScaleMin = 0.05;
    public double smallCropScaleMax = 0.14;
    public String augmentation = "auto";

    // The augmentation's parameters; null takes the value of the preset --augmentation names.
    public Double cropScaleMin;
    public Double cropScaleMax;
    public Double flipProbability;
    public Double jitterBrightness;
    public Double jitterContrast;
    public Double jitterSaturation;
    public Double jitterHue;
    public Double jitterProbability;
    public Double grayscaleProbability;
    public Double blurProbability;
    public Double blurSigmaMin;
    public Double blurSigmaMax;
    public Double solarizeProbability;

    public int epochs = 100;
    public long maxSteps;
    public double minutes;
    public double budgetWarmup = 0.05;
    public int batchSize = 256;

    /** Images per chunk of the gradient-cached step; 0 takes the batch in one pass. */
    public int chunkSize;

    public double temperature = 0.5;

    public double secWeight;
    public double secMomentum = 1.0;
    public boolean secRamp;
    public SphericalEmbeddingConstraint.Target secTarget = SphericalEmbeddingConstraint.Target.MEAN;

    public int queueSize = 4096;
    public double keyMomentum = 0.99;
    public boolean keyMomentumCosine;
    public boolean symmetricLoss;
    public int shuffleGroups = 4;

    public Optimizer.Kind optimizer = Optimizer.Kind.LARS;
    public double lr = 1.0;
    public LearningRateSchedule.Scaling lrScaling = LearningRateSchedule.Scaling.LINEAR;
    public double warmupEpochs = 10;
    public double weightDecay = 1e-6;
    public double momentum = 0.9;
    public double trustCoefficient = 0.001;

    public int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    public int threads = Runtime.getRuntime().availableProcessors();
    public String device = "cpu";

    /**
     * Devices for replicas of the model (data parallelism on the chunked step), e.g. {@code
     * gpu0,gpu1}; null or blank: one device, {@link #device}.
     */
    public String devices;

    /** The number format of the step: float32, the one there is (half precision is refused). */
    public String precision = "float32";

    /**
     * Memory order of the batches: channels-first, channels-last, or auto (the faster on this
     * machine, measured when the run starts and written into its config.json).
     */
    public String layout = "auto";

    public long seed = ComputeOptions.DEFAULT_SEED;

    public double finalLrRatio;
    public int checkpointEvery = 500;
    public int logEvery = 1;
    public int keepCheckpoints = 3;
    public int knnEvery;
    public int knnTrainLimit = 10000;

    /** The devices of {@link #devices}, or the one {@link #device}. */
    public List<String> replicaDevices() {
        if (devices == null || devices.isBlank()) {
            return List.of(device);
        }
        return Splitter.on(',').trimResults().omitEmptyStrings().splitToList(devices);
    }

    /** The device the run's model and loss live on: the first of {@link #replicaDevices()}. */
    public String runDevice() {
        return replicaDevices().get(0);
    }

    /**
     * Images per chunk of the step: {@link #chunkSize}, or with several replicas and no chunk size
     * one chunk for each.
     */
    public int effectiveChunk() {
        int replicas = replicaDevices().size();
        return chunkSize == 0 && replicas > 1 ? batchSize / replicas : chunkSize;
    }

    /** The progressive-resizing schedule, or null for views at {@link #imageSize} throughout. */
    public ResolutionSchedule resolution() {
        return resolutionSchedule == null || resolutionSchedule.isBlank()
                ? null
                : ResolutionSchedule.parse("--resolution-schedule", resolutionSchedule, imageSize);
    }

    /** The encoder and head these settings describe. */
    public ModelSpec modelSpec() {
        return new ModelSpec(
                arch,
                Stem.valueOf(resolvedStem().toUpperCase(Locale.ROOT)),
                width,
                zeroInitResidual,
                headLayers,
                headHidden,
                headOut,
                headBatchNorm,
                imageSize);
    }

    /** The CIFAR stem for small images, the ImageNet stem otherwise, unless set. */
    public String resolvedStem() {
        if (!"auto".equals(stem)) {
            return stem;
        }
        return ImageScale.small(imageSize) ? "cifar" : "imagenet";
    }

    /** The augmentation preset: the method's paper preset for the image size, unless set. */
    public String resolvedAugmentation() {
        if (!"auto".equals(augmentation)) {
            return augmentation;
        }
        if (method == Method.MOCOV2) {
            return "mocov2";
        }
        return ImageScale.small(imageSize) ? "simclr-cifar" : "simclr-imagenet";
    }

    /**
     * The augmentation's parameters: those set here, the others from the preset {@link
     * #resolvedAugmentation()} at {@link #imageSize}.
     */
    public Augmentation augmentation() {
        JsonObject values =
                Json.GSON
                        .toJsonTree(
                                Presets.byName(resolvedAugmentation(), imageSize).augmentation())
                        .getAsJsonObject();
        JsonObject set = Json.GSON.toJsonTree(this).getAsJsonObject();
        for (String field : values.keySet()) {
            if (set.has(field) && !set.get(field).isJsonNull()) {
                values.add(field, set.get(field));
            }
        }
        return Json.GSON.fromJson(values, Augmentation.class);
    }

    /** Sets every parameter of the augmentation. */
    public void setAugmentation(Augmentation a) {
        cropScaleMin = a.cropScaleMin();
        cropScaleMax = a.cropScaleMax();
        flipProbability = a.flipProbability();
        jitterBrightness = a.jitterBrightness();
        jitterContrast = a.jitterContrast();
        jitterSaturation = a.jitterSaturation();
        jitterHue = a.jitterHue();
        jitterProbability = a.jitterProbability();
        grayscaleProbability = a.grayscaleProbability();
        blurProbability = a.blurProbability();
        blurSigmaMin = a.blurSigmaMin();
        blurSigmaMax = a.blurSigmaMax();
        solarizeProbability = a.solarizeProbability();
    }

    /** Every setting but those a resume may change, as JSON: what a checkpoint records. */
    public JsonObject fixedSettings() {
        JsonObject tree = Json.GSON.toJsonTree(this).getAsJsonObject();
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

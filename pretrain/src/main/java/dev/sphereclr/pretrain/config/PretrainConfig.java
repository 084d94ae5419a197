package dev.sphereclr.pretrain.config;

import com.google.common.base.Splitter;
import com.google.gson.JsonObject;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.transform.Augmentation;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.Stem;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.loss.Temperature;
import dev.sphereclr.pretrain.method.MoCoV2;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.ProjectionHead;
import dev.sphereclr.pretrain.optim.Lars;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.runtime.cli.ComputeOptions;
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

    // Data and views.

    @Setting(group = DataSettings.class, sharedOption = true)
    public Datasets.Kind dataset = Datasets.Kind.CIFAR10;

    @Setting(group = DataSettings.class, sharedOption = true, operational = true)
    public String data;

    @Setting(group = DataSettings.class, sharedOption = true, operational = true)
    public String classList;

    @Setting(group = DataSettings.class, sharedOption = true, operational = true)
    public boolean skipBadImages;

    @Setting(
            group = DataSettings.class,
            help = "Crop size in pixels (32 CIFAR, 224 ImageNet).",
            range = DataSettings.IMAGE_SIZE)
    public int imageSize = 32;

    @Setting(
            group = DataSettings.class,
            help =
                    "Progressive resizing: SIZE@FROM,... (16@0,24@0.3,32@0.7: 16 px from the"
                            + " start, 24 px from 30%% of the run, 32 px from 70%%); the last size is"
                            + " --image-size.")
    public String resolutionSchedule;

    @Setting(
            group = DataSettings.class,
            help =
                    "Preset: auto, simclr-cifar, simclr-imagenet, sec-cifar or mocov2. Given"
                            + " here, it replaces the recipe's parameters; the options below"
                            + " change single ones.")
    public String augmentation = "auto";

    // The augmentation's parameters, named as Augmentation's; null takes the preset's value.

    @Setting(group = DataSettings.class, help = "Smallest area fraction a view crops.")
    public Double cropScaleMin;

    @Setting(group = DataSettings.class, help = "Largest area fraction a view crops.")
    public Double cropScaleMax;

    @Setting(group = DataSettings.class, help = "Probability of a horizontal flip.")
    public Double flipProbability;

    @Setting(group = DataSettings.class, help = "Colour jitter: brightness strength.")
    public Double jitterBrightness;

    @Setting(group = DataSettings.class, help = "Colour jitter: contrast strength.")
    public Double jitterContrast;

    @Setting(group = DataSettings.class, help = "Colour jitter: saturation strength.")
    public Double jitterSaturation;

    @Setting(group = DataSettings.class, help = "Colour jitter: hue strength.")
    public Double jitterHue;

    @Setting(group = DataSettings.class, help = "Probability of the colour jitter.")
    public Double jitterProbability;

    @Setting(group = DataSettings.class, help = "Probability of grayscale.")
    public Double grayscaleProbability;

    @Setting(
            group = DataSettings.class,
            help = "Probability of a Gaussian blur (kernel 10%% of the side).")
    public Double blurProbability;

    @Setting(group = DataSettings.class, help = "Smallest sigma of the blur.")
    public Double blurSigmaMin;

    @Setting(group = DataSettings.class, help = "Largest sigma of the blur.")
    public Double blurSigmaMax;

    @Setting(group = DataSettings.class, help = "Probability of solarization (threshold 0.5).")
    public Double solarizeProbability;

    @Setting(
            group = DataSettings.class,
            help =
                    "Multi-crop: small views per image besides the two global ones (SimCLR; 0:"
                            + " off).",
            range = "0..8")
    public int smallCrops;

    @Setting(group = DataSettings.class, help = "Multi-crop: side of the small views.")
    public int smallCropSize = 16;

    @Setting(
            group = DataSettings.class,
            help = "Multi-crop: smallest area fraction a small view crops (SwAV: 0.05).")
    public double smallCropScaleMin = 0.05;

    @Setting(
            group = DataSettings.class,
            help = "Multi-crop: largest area fraction a small view crops (SwAV: 0.14).")
    public double smallCropScaleMax = 0.14;

    // Model.

    @Setting(group = ModelSettings.class, help = "resnet18, resnet34 or resnet50.")
    public String arch = "resnet18";

    @Setting(group = ModelSettings.class, help = "auto, cifar or imagenet.")
    public String stem = "auto";

    @Setting(group = ModelSettings.class, help = "Channel-width multiplier.", range = ResNet.WIDTH)
    public double width = 1.0;

    /**
     * A safetensors file of encoder weights under torchvision's names to start from (continued
     * pretraining), or null for a random initialization; the head starts fresh either way.
     */
    @Setting(
            group = ModelSettings.class,
            operational = true,
            help =
                    "Start the encoder from a .safetensors file under torchvision's ResNet names"
                            + " (torchvision, timm, a solo-learn backbone; prefixes module.,"
                            + " backbone., encoder. stripped; fc left out); the head starts"
                            + " fresh.")
    public String initFrom;

    @Setting(group = ModelSettings.class, help = "Zero the last BN scale of each residual block.")
    public boolean zeroInitResidual;

    @Setting(
            group = ModelSettings.class,
            help = "Projection head layers: 2 (SimCLR) or 3 (v2).",
            range = ProjectionHead.LAYERS)
    public int headLayers = 2;

    @Setting(
            group = ModelSettings.class,
            help = "Projection head hidden size.",
            range = ProjectionHead.SIZE)
    public int headHidden = 2048;

    @Setting(group = ModelSettings.class, help = "Projection size.", range = ProjectionHead.SIZE)
    public int headOut = 128;

    @Setting(
            group = ModelSettings.class,
            help =
                    "Batch norm in the head's hidden layers (SimCLR's code: true; solo-learn and"
                            + " the SEC authors' SupContrast head: false).")
    public boolean headBatchNorm = true;

    // Method.

    @Setting(group = MethodSettings.class, help = "simclr or mocov2.")
    public Method method = Method.SIMCLR;

    @Setting(
            group = MethodSettings.class,
            help = "NT-Xent / InfoNCE temperature.",
            range = Temperature.RANGE)
    public double temperature = 0.5;

    @Setting(
            group = MethodSettings.class,
            help = "MoCo: keys in the queue, a multiple of the batch size.")
    public int queueSize = 4096;

    @Setting(
            group = MethodSettings.class,
            help = "MoCo: key encoder momentum.",
            range = MoCoV2.Settings.KEY_MOMENTUM)
    public double keyMomentum = 0.99;

    @Setting(group = MethodSettings.class, help = "MoCo: raise the key momentum to 1 on a cosine.")
    public boolean keyMomentumCosine;

    @Setting(
            group = MethodSettings.class,
            help = "MoCo: symmetric loss (each view as the query).",
            aliases = "--symmetric")
    public boolean symmetricLoss;

    @Setting(
            group = MethodSettings.class,
            help = "MoCo: groups of the shuffled batch norm, a divisor of the batch size.")
    public int shuffleGroups = 4;

    // Spherical embedding constraint.

    @Setting(
            group = SecSettings.class,
            help = "SEC weight eta; 0 is plain SimCLR / MoCo.",
            range = SphericalEmbeddingConstraint.WEIGHT)
    public double secWeight;

    @Setting(
            group = SecSettings.class,
            help = "Weight of the batch in SEC's moving mean; 1: batch mean.",
            range = SphericalEmbeddingConstraint.MOMENTUM)
    public double secMomentum = 1.0;

    @Setting(group = SecSettings.class, help = "Ramp eta linearly from 0 over the run.")
    public boolean secRamp;

    @Setting(group = SecSettings.class, help = "mean (the SEC) or zero (the L2-norm ablation).")
    public SphericalEmbeddingConstraint.Target secTarget = SphericalEmbeddingConstraint.Target.MEAN;

    // Optimizer and schedule.

    @Setting(group = OptimizerSettings.class, help = "lars, sgd or adamw.")
    public Optimizer.Kind optimizer = Optimizer.Kind.LARS;

    @Setting(
            group = OptimizerSettings.class,
            help = "Base learning rate, scaled by --lr-scaling.",
            range = LearningRateSchedule.BASE_RATE)
    public double lr = 1.0;

    @Setting(
            group = OptimizerSettings.class,
            help = "linear (lr * B / 256), sqrt (lr * sqrt(B)) or none.")
    public LearningRateSchedule.Scaling lrScaling = LearningRateSchedule.Scaling.LINEAR;

    @Setting(
            group = OptimizerSettings.class,
            help = "Linear warm-up epochs before the cosine decay.",
            range = LearningRateSchedule.WARMUP_EPOCHS)
    public double warmupEpochs = 10;

    @Setting(
            group = OptimizerSettings.class,
            help = "The cosine schedule ends at this fraction of the peak rate.",
            range = LearningRateSchedule.FINAL_RATIO)
    public double finalLrRatio;

    @Setting(
            group = OptimizerSettings.class,
            help = "Weight decay (not on biases and batch norm).",
            range = Optimizer.WEIGHT_DECAY)
    public double weightDecay = 1e-6;

    @Setting(
            group = OptimizerSettings.class,
            help = "Optimizer momentum (LARS, SGD).",
            range = Optimizer.MOMENTUM)
    public double momentum = 0.9;

    @Setting(
            group = OptimizerSettings.class,
            help = "LARS trust coefficient eta.",
            range = Lars.TRUST_COEFFICIENT)
    public double trustCoefficient = 0.001;

    // Budget.

    @Setting(
            group = BudgetSettings.class,
            help = "Images per step (two views each).",
            range = "2..65536")
    public int batchSize = 256;

    /** Images per chunk of the gradient-cached step; 0 takes the batch in one pass. */
    @Setting(
            group = BudgetSettings.class,
            help =
                    "Run the batch through the model in chunks of this many images and gather"
                            + " their projections for one loss over the whole batch (gradient"
                            + " caching: memory of one chunk, about a quarter more time; batch"
                            + " norm per chunk). 0: the whole batch in one pass.")
    public int chunkSize;

    @Setting(group = BudgetSettings.class, help = "Epochs.", range = "1..100000")
    public int epochs = 100;

    @Setting(
            group = BudgetSettings.class,
            help = "Stop after this many steps (a short run; the schedule fits it).",
            range = ">= 0 (0: no limit)")
    public long maxSteps;

    @Setting(
            group = BudgetSettings.class,
            help =
                    "Wall-clock budget: train this many minutes, the schedule following elapsed"
                            + " time.",
            range = "[0, 100000] (0: off)")
    public double minutes;

    @Setting(
            group = BudgetSettings.class,
            help = "With --minutes: the fraction of the budget spent warming up.",
            range = "[0, 1)")
    public double budgetWarmup = 0.05;

    // Run: none changes what the run computes but the seed, which the recipes leave to the command.

    @Setting(group = RunSettings.class, sharedOption = true, operational = true)
    public String recipe = "custom";

    @Setting(group = RunSettings.class, sharedOption = true, operational = true)
    public long seed = ComputeOptions.DEFAULT_SEED;

    @Setting(
            group = RunSettings.class,
            sharedOption = true,
            operational = true,
            range = BatchLoader.WORKERS)
    public int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    @Setting(group = RunSettings.class, sharedOption = true, operational = true, range = "1..1024")
    public int threads = Runtime.getRuntime().availableProcessors();

    @Setting(group = RunSettings.class, operational = true, help = "cpu or gpu.")
    public String device = "cpu";

    /**
     * Devices for replicas of the model (data parallelism on the chunked step), e.g. {@code
     * gpu0,gpu1}; null or blank: one device, {@link #device}.
     */
    @Setting(
            group = RunSettings.class,
            operational = true,
            help =
                    "Replicas of the model on these devices (gpu0,gpu1; cpu,cpu to try it on one"
                            + " CPU), each running its chunks of the batch; the projections are"
                            + " gathered on the first for one loss. Batch norm is per chunk.")
    public String devices;

    /** The number format of the step: float32, the one there is (half precision is refused). */
    @Setting(
            group = RunSettings.class,
            operational = true,
            help =
                    "Number format of the step: float32 (half precision and bfloat16 are"
                            + " refused).")
    public String precision = "float32";

    /**
     * Memory order of the batches: channels-first, channels-last, or auto (the faster on this
     * machine, measured when the run starts and written into its config.json).
     */
    @Setting(
            group = RunSettings.class,
            operational = true,
            help =
                    "Memory order of the batches: channels-first, channels-last, or auto (time both"
                            + " on this machine at the start).")
    public String layout = "auto";

    @Setting(
            group = RunSettings.class,
            operational = true,
            help = "Steps between checkpoints.",
            range = ">= 1")
    public int checkpointEvery = 500;

    @Setting(
            group = RunSettings.class,
            operational = true,
            help = "Checkpoints kept.",
            range = "1..1000")
    public int keepCheckpoints = 3;

    @Setting(
            group = RunSettings.class,
            operational = true,
            help =
                    "Steps between rows of metrics.csv, the only time a step reads its loss back"
                            + " from the device (also before every checkpoint).",
            range = ">= 1")
    public int logEvery = 1;

    @Setting(
            group = RunSettings.class,
            operational = true,
            help = "Epochs between online kNN evaluations.",
            range = ">= 0 (0: off)")
    public int knnEvery;

    @Setting(
            group = RunSettings.class,
            operational = true,
            help = "Training images the kNN monitor embeds.",
            range = ">= 0 (0: all)")
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
     * Images per chunk of the step, worked out once: {@link #chunkSize}, or with several replicas
     * and no chunk size one chunk for each; 0 where that is the whole batch (one pass).
     */
    public int effectiveChunk() {
        int replicas = replicaDevices().size();
        int chunk = chunkSize == 0 && replicas > 1 ? batchSize / replicas : chunkSize;
        return chunk < batchSize ? chunk : 0;
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

    /** Sets every parameter of the augmentation: the field of each component's name. */
    public void setAugmentation(Augmentation a) {
        try {
            for (RecordComponent component : Augmentation.class.getRecordComponents()) {
                getClass()
                        .getField(component.getName())
                        .set(this, component.getAccessor().invoke(a));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("an augmentation parameter without its setting", e);
        }
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

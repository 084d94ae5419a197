package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.augment.image.ImageScale;
import dev.sphereclr.augment.io.Json;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.ResNet;
import dev.sphereclr.pretrain.nn.Stem;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    public Method method = Method.SIMCLR;
    public String recipe = "custom";
    public Datasets.Kind dataset = Datasets.Kind.CIFAR10;
    public String data;
    public String classList;
    public boolean skipBadImages;

    public String arch = "resnet18";
    public String stem = "auto";
    public double width = 1.0;
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

    public int epochs = 100;
    public long maxSteps;
    public double minutes;
    public double budgetWarmup = 0.05;
    public int batchSize = 256;
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
     * Memory order of the batches: channels-first, channels-last, or auto (the faster on this
     * machine, measured when the run starts and written into its config.json).
     */
    public String layout = "auto";

    public long seed = 42;

    public double finalLrRatio;
    public int checkpointEvery = 500;
    public int logEvery = 1;
    public int keepCheckpoints = 3;
    public int knnEvery;
    public int knnTrainLimit = 10000;

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
        List<String> errors = new ArrayList<>();
        check(
                errors,
                arch.toLowerCase(Locale.ROOT).matches("resnet(18|34|50)"),
                "--arch",
                arch,
                "resnet18, resnet34 or resnet50");
        check(
                errors,
                List.of("auto", "cifar", "imagenet").contains(stem),
                "--stem",
                stem,
                "auto, cifar or imagenet");
        check(errors, width > 0 && width <= 4, "--width", width, "(0, 4]");
        check(errors, smallCrops >= 0 && smallCrops <= 8, "--small-crops", smallCrops, "0..8");
        if (smallCrops > 0) {
            check(errors, method == Method.SIMCLR, "--small-crops", smallCrops, "0 for MoCo v2");
            check(
                    errors,
                    smallCropSize >= 8 && smallCropSize <= imageSize,
                    "--small-crop-size",
                    smallCropSize,
                    "8..--image-size (" + imageSize + ")");
            check(
                    errors,
                    smallCropScaleMin > 0
                            && smallCropScaleMin < smallCropScaleMax
                            && smallCropScaleMax <= 1,
                    "--small-crop-scale-min/max",
                    smallCropScaleMin + ".." + smallCropScaleMax,
                    "0 < min < max <= 1");
        }
        if (resolutionSchedule != null && !resolutionSchedule.isBlank()) {
            try {
                resolution();
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (width > 0 && "cpu".equals(device)) {
            for (int c : ResNet.stageChannels(width)) {
                if (c % 16 != 0) {
                    errors.add(
                            "--width = "
                                    + width
                                    + " gives convolutions of "
                                    + c
                                    + " channels. On the CPU the engine (libtorch 2.5.1, oneDNN"
                                    + " 3.5.3) computes wrong convolution gradients for channel"
                                    + " counts that are not multiples of 16 on some processors"
                                    + " (measured on an AVX-512 AMD EPYC): use a multiple of 0.25"
                                    + " (0.25, 0.5, 0.75, 1, ...)");
                    break;
                }
            }
        }
        check(errors, headLayers >= 1 && headLayers <= 4, "--head-layers", headLayers, "1..4");
        check(
                errors,
                headHidden >= 1 && headHidden <= 65536,
                "--head-hidden",
                headHidden,
                "1..65536");
        check(errors, headOut >= 1 && headOut <= 65536, "--head-out", headOut, "1..65536");
        check(errors, imageSize >= 8 && imageSize <= 1024, "--image-size", imageSize, "8..1024");
        check(errors, epochs >= 1 && epochs <= 100_000, "--epochs", epochs, "1..100000");
        check(errors, maxSteps >= 0, "--max-steps", maxSteps, ">= 0 (0: no limit)");
        check(errors, batchSize >= 2 && batchSize <= 65536, "--batch-size", batchSize, "2..65536");
        check(
                errors,
                temperature > 0 && temperature <= 10,
                "--temperature",
                temperature,
                "(0, 10]");
        check(errors, secWeight >= 0 && secWeight <= 100, "--sec-weight", secWeight, "[0, 100]");
        check(errors, secMomentum > 0 && secMomentum <= 1, "--sec-momentum", secMomentum, "(0, 1]");
        check(errors, lr > 0 && lr <= 100, "--lr", lr, "(0, 100]");
        check(
                errors,
                finalLrRatio >= 0 && finalLrRatio <= 1,
                "--final-lr-ratio",
                finalLrRatio,
                "[0, 1]");
        check(
                errors,
                minutes >= 0 && minutes <= 100_000,
                "--minutes",
                minutes,
                "[0, 100000] (0: off)");
        check(
                errors,
                budgetWarmup >= 0 && budgetWarmup < 1,
                "--budget-warmup",
                budgetWarmup,
                "[0, 1)");
        check(
                errors,
                warmupEpochs >= 0 && warmupEpochs <= 1000,
                "--warmup-epochs",
                warmupEpochs,
                "[0, 1000]");
        check(errors, weightDecay >= 0 && weightDecay < 1, "--weight-decay", weightDecay, "[0, 1)");
        check(errors, momentum >= 0 && momentum < 1, "--momentum", momentum, "[0, 1)");
        check(
                errors,
                trustCoefficient > 0 && trustCoefficient <= 1,
                "--trust-coefficient",
                trustCoefficient,
                "(0, 1]");
        check(errors, workers >= 1 && workers <= 256, "--workers", workers, "1..256");
        check(errors, threads >= 1 && threads <= 1024, "--threads", threads, "1..1024");
        check(errors, List.of("cpu", "gpu").contains(device), "--device", device, "cpu or gpu");
        check(
                errors,
                List.of("auto", "channels-first", "channels-last").contains(layout),
                "--layout",
                layout,
                "auto, channels-first or channels-last");
        check(errors, checkpointEvery >= 1, "--checkpoint-every", checkpointEvery, ">= 1");
        check(errors, logEvery >= 1, "--log-every", logEvery, ">= 1");
        check(
                errors,
                keepCheckpoints >= 1 && keepCheckpoints <= 1000,
                "--keep-checkpoints",
                keepCheckpoints,
                "1..1000");
        check(errors, knnEvery >= 0, "--knn-every", knnEvery, ">= 0 (0: off)");
        check(errors, knnTrainLimit >= 0, "--knn-train-limit", knnTrainLimit, ">= 0 (0: all)");
        check(
                errors,
                dataset == Datasets.Kind.FOLDER ? data != null && !data.isBlank() : true,
                "--data",
                data,
                "a folder root/<class>/*.jpg (required with --dataset folder)");
        if (method == Method.MOCOV2) {
            check(
                    errors,
                    queueSize >= batchSize && queueSize % batchSize == 0,
                    "--queue-size",
                    queueSize,
                    "a multiple of the batch size " + batchSize);
            check(
                    errors,
                    keyMomentum >= 0 && keyMomentum < 1,
                    "--key-momentum",
                    keyMomentum,
                    "[0, 1)");
            check(
                    errors,
                    shuffleGroups >= 1 && batchSize % shuffleGroups == 0,
                    "--shuffle-groups",
                    shuffleGroups,
                    "a divisor of the batch size " + batchSize);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid settings:\n  " + String.join("\n  ", errors));
        }
        return this;
    }

    private static void check(
            List<String> errors, boolean ok, String name, Object value, String range) {
        if (!ok) {
            errors.add(name + " = " + value + " is outside its legal range: " + range);
        }
    }
}

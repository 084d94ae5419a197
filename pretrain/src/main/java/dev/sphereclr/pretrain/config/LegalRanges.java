package dev.sphereclr.pretrain.config;

import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.pretrain.loss.Temperature;
import dev.sphereclr.pretrain.nn.ResNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The legal range of every pretraining setting, each problem named by its option. */
final class LegalRanges {

    private LegalRanges() {}

    /** Every setting of {@code c} outside its range, as a sentence naming the option. */
    static List<String> problems(PretrainConfig c) {
        List<String> errors = new ArrayList<>();
        check(
                errors,
                c.arch.toLowerCase(Locale.ROOT).matches("resnet(18|34|50)"),
                "--arch",
                c.arch,
                "resnet18, resnet34 or resnet50");
        check(
                errors,
                List.of("auto", "cifar", "imagenet").contains(c.stem),
                "--stem",
                c.stem,
                "auto, cifar or imagenet");
        check(errors, c.width > 0 && c.width <= 4, "--width", c.width, "(0, 4]");
        check(
                errors,
                c.smallCrops >= 0 && c.smallCrops <= 8,
                "--small-crops",
                c.smallCrops,
                "0..8");
        if (c.smallCrops > 0) {
            check(
                    errors,
                    c.method == PretrainConfig.Method.SIMCLR,
                    "--small-crops",
                    c.smallCrops,
                    "0 for MoCo v2");
            check(
                    errors,
                    c.smallCropSize >= 8 && c.smallCropSize <= c.imageSize,
                    "--small-crop-size",
                    c.smallCropSize,
                    "8..--image-size (" + c.imageSize + ")");
            check(
                    errors,
                    c.smallCropScaleMin > 0
                            && c.smallCropScaleMin < c.smallCropScaleMax
                            && c.smallCropScaleMax <= 1,
                    "--small-crop-scale-min/max",
                    c.smallCropScaleMin + ".." + c.smallCropScaleMax,
                    "0 < min < max <= 1");
        }
        if (c.resolutionSchedule != null && !c.resolutionSchedule.isBlank()) {
            try {
                c.resolution();
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (c.width > 0 && "cpu".equals(c.device)) {
            for (int channels : ResNet.stageChannels(c.width)) {
                if (channels % 16 != 0) {
                    errors.add(
                            "--width = "
                                    + c.width
                                    + " gives convolutions of "
                                    + channels
                                    + " channels. On the CPU the engine (libtorch 2.5.1, oneDNN"
                                    + " 3.5.3) computes wrong convolution gradients for channel"
                                    + " counts that are not multiples of 16 on some processors"
                                    + " (measured on an AVX-512 AMD EPYC): use a multiple of 0.25"
                                    + " (0.25, 0.5, 0.75, 1, ...)");
                    break;
                }
            }
        }
        check(
                errors,
                c.headLayers >= 1 && c.headLayers <= 4,
                "--head-layers",
                c.headLayers,
                "1..4");
        check(
                errors,
                c.headHidden >= 1 && c.headHidden <= 65536,
                "--head-hidden",
                c.headHidden,
                "1..65536");
        check(errors, c.headOut >= 1 && c.headOut <= 65536, "--head-out", c.headOut, "1..65536");
        check(
                errors,
                c.imageSize >= 8 && c.imageSize <= 1024,
                "--image-size",
                c.imageSize,
                "8..1024");
        check(errors, c.epochs >= 1 && c.epochs <= 100_000, "--epochs", c.epochs, "1..100000");
        check(errors, c.maxSteps >= 0, "--max-steps", c.maxSteps, ">= 0 (0: no limit)");
        check(
                errors,
                c.batchSize >= 2 && c.batchSize <= 65536,
                "--batch-size",
                c.batchSize,
                "2..65536");
        check(
                errors,
                Temperature.legal(c.temperature),
                "--temperature",
                c.temperature,
                Temperature.RANGE);
        check(
                errors,
                c.secWeight >= 0 && c.secWeight <= 100,
                "--sec-weight",
                c.secWeight,
                "[0, 100]");
        check(
                errors,
                c.secMomentum > 0 && c.secMomentum <= 1,
                "--sec-momentum",
                c.secMomentum,
                "(0, 1]");
        check(errors, c.lr > 0 && c.lr <= 100, "--lr", c.lr, "(0, 100]");
        check(
                errors,
                c.finalLrRatio >= 0 && c.finalLrRatio <= 1,
                "--final-lr-ratio",
                c.finalLrRatio,
                "[0, 1]");
        check(
                errors,
                c.minutes >= 0 && c.minutes <= 100_000,
                "--minutes",
                c.minutes,
                "[0, 100000] (0: off)");
        check(
                errors,
                c.budgetWarmup >= 0 && c.budgetWarmup < 1,
                "--budget-warmup",
                c.budgetWarmup,
                "[0, 1)");
        check(
                errors,
                c.warmupEpochs >= 0 && c.warmupEpochs <= 1000,
                "--warmup-epochs",
                c.warmupEpochs,
                "[0, 1000]");
        check(
                errors,
                c.weightDecay >= 0 && c.weightDecay < 1,
                "--weight-decay",
                c.weightDecay,
                "[0, 1)");
        check(errors, c.momentum >= 0 && c.momentum < 1, "--momentum", c.momentum, "[0, 1)");
        check(
                errors,
                c.trustCoefficient > 0 && c.trustCoefficient <= 1,
                "--trust-coefficient",
                c.trustCoefficient,
                "(0, 1]");
        check(errors, c.workers >= 1 && c.workers <= 256, "--workers", c.workers, "1..256");
        check(errors, c.threads >= 1 && c.threads <= 1024, "--threads", c.threads, "1..1024");
        check(errors, List.of("cpu", "gpu").contains(c.device), "--device", c.device, "cpu or gpu");
        check(
                errors,
                List.of("auto", "channels-first", "channels-last").contains(c.layout),
                "--layout",
                c.layout,
                "auto, channels-first or channels-last");
        check(errors, c.checkpointEvery >= 1, "--checkpoint-every", c.checkpointEvery, ">= 1");
        check(errors, c.logEvery >= 1, "--log-every", c.logEvery, ">= 1");
        check(
                errors,
                c.keepCheckpoints >= 1 && c.keepCheckpoints <= 1000,
                "--keep-checkpoints",
                c.keepCheckpoints,
                "1..1000");
        check(errors, c.knnEvery >= 0, "--knn-every", c.knnEvery, ">= 0 (0: off)");
        check(errors, c.knnTrainLimit >= 0, "--knn-train-limit", c.knnTrainLimit, ">= 0 (0: all)");
        check(
                errors,
                c.dataset == Datasets.Kind.FOLDER ? c.data != null && !c.data.isBlank() : true,
                "--data",
                c.data,
                "a folder root/<class>/*.jpg (required with --dataset folder)");
        if (c.method == PretrainConfig.Method.MOCOV2) {
            check(
                    errors,
                    c.queueSize >= c.batchSize && c.queueSize % c.batchSize == 0,
                    "--queue-size",
                    c.queueSize,
                    "a multiple of the batch size " + c.batchSize);
            check(
                    errors,
                    c.keyMomentum >= 0 && c.keyMomentum < 1,
                    "--key-momentum",
                    c.keyMomentum,
                    "[0, 1)");
            check(
                    errors,
                    c.shuffleGroups >= 1 && c.batchSize % c.shuffleGroups == 0,
                    "--shuffle-groups",
                    c.shuffleGroups,
                    "a divisor of the batch size " + c.batchSize);
        }
        return errors;
    }

    private static void check(
            List<String> errors, boolean ok, String name, Object value, String range) {
        if (!ok) {
            errors.add(name + " = " + value + " is outside its legal range: " + range);
        }
    }
}

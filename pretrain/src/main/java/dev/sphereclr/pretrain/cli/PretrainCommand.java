package dev.sphereclr.pretrain.cli;

import dev.sphereclr.augment.cli.CommonOptions;
import dev.sphereclr.augment.runtime.NativeAllocator;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.train.PretrainConfig;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.pretrain.train.Recipes;
import dev.sphereclr.pretrain.train.RunSummary;
import dev.sphereclr.pretrain.train.TrainingDivergedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pretrain}: a SimCLR or MoCo v2 run, with or without the spherical embedding constraint.
 * Options left unset take the recipe's value, then the defaults.
 */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        version = "SphereCLR pretrain 0.1",
        sortOptions = false,
        description = {
            "Self-supervised pretraining (SimCLR, MoCo v2) with the optional spherical embedding"
                    + " constraint (SEC). Writes config.json, metrics.csv, checkpoints/, encoder/ and"
                    + " summary.json into --out.",
            "Recipes: simclr-cifar10 (default), simclr-cifar100, simclr-imagenet, mocov2-cifar10,"
                    + " mocov2-imagenet."
        })
public final class PretrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainCommand.class);

    @Mixin CommonOptions common;

    @Option(
            names = "--recipe",
            description = "Named settings to start from (default: ${DEFAULT-VALUE}).")
    String recipe = "simclr-cifar10";

    @Option(names = "--method", description = "simclr or mocov2.")
    String method;

    @Option(names = "--dataset", description = "cifar10, cifar100 or folder.")
    String dataset;

    @Option(
            names = "--data",
            description =
                    "CIFAR: the official .tar.gz or its folder, or an image folder with train/ (default:"
                            + " download into ~/.sphereclr). folder: root/<class>/*.jpg.")
    String data;

    @Option(names = "--class-list", description = "File with one class folder name per line.")
    String classList;

    @Option(
            names = "--skip-bad-images",
            description = "Leave out unreadable images instead of stopping.")
    boolean skipBadImages;

    @Option(names = "--arch", description = "resnet18, resnet34 or resnet50.")
    String arch;

    @Option(names = "--stem", description = "auto, cifar or imagenet.")
    String stem;

    @Option(names = "--width", description = "Channel-width multiplier, (0, 4].")
    Double width;

    @Option(
            names = "--zero-init-residual",
            description = "Zero the last BN scale of each residual block.")
    Boolean zeroInitResidual;

    @Option(
            names = "--head-layers",
            description = "Projection head layers: 2 (SimCLR v1) or 3 (v2).")
    Integer headLayers;

    @Option(names = "--head-hidden", description = "Projection head hidden size.")
    Integer headHidden;

    @Option(names = "--head-out", description = "Projection size.")
    Integer headOut;

    @Option(
            names = "--image-size",
            description = "Crop size in pixels (32 for CIFAR, 224 for ImageNet).")
    Integer imageSize;

    @Option(
            names = "--augmentation",
            description = "auto, simclr-cifar, simclr-imagenet or mocov2.")
    String augmentation;

    @Option(names = "--epochs", description = "Epochs.")
    Integer epochs;

    @Option(
            names = "--max-steps",
            description = "Stop after this many steps (a short run; the schedule fits it).")
    Long maxSteps;

    @Option(
            names = "--minutes",
            description =
                    "Wall-clock budget: train for this many minutes, the schedule following elapsed"
                            + " time instead of steps (0: off; --epochs and --max-steps are ignored).")
    Double minutes;

    @Option(
            names = "--budget-warmup",
            description = "With --minutes: the fraction of the budget spent warming up.")
    Double budgetWarmup;

    @Option(names = "--batch-size", description = "Images per step (two views each).")
    Integer batchSize;

    @Option(names = "--temperature", description = "NT-Xent / InfoNCE temperature.")
    Double temperature;

    @Option(names = "--sec-weight", description = "SEC weight eta; 0 is plain SimCLR / MoCo.")
    Double secWeight;

    @Option(
            names = "--sec-momentum",
            description = "Weight of the batch in SEC's moving mean; 1: batch mean.")
    Double secMomentum;

    @Option(names = "--sec-ramp", description = "Ramp eta linearly from 0 over the run.")
    Boolean secRamp;

    @Option(names = "--sec-target", description = "mean (the SEC) or zero (the L2-norm ablation).")
    String secTarget;

    @Option(
            names = "--queue-size",
            description = "MoCo: keys in the queue, a multiple of the batch size.")
    Integer queueSize;

    @Option(names = "--key-momentum", description = "MoCo: key encoder momentum.")
    Double keyMomentum;

    @Option(
            names = "--key-momentum-cosine",
            description = "MoCo: raise the key momentum to 1 on a cosine.")
    Boolean keyMomentumCosine;

    @Option(names = "--symmetric", description = "MoCo: symmetric loss (each view as the query).")
    Boolean symmetric;

    @Option(names = "--optimizer", description = "lars, sgd or adamw.")
    String optimizer;

    @Option(names = "--lr", description = "Base learning rate, scaled by --lr-scaling.")
    Double lr;

    @Option(
            names = "--lr-scaling",
            description = "linear (lr * B / 256), sqrt (lr * sqrt(B)) or none.")
    String lrScaling;

    @Option(
            names = "--warmup-epochs",
            description = "Linear warm-up epochs before the cosine decay.")
    Double warmupEpochs;

    @Option(names = "--weight-decay", description = "Weight decay (not on biases and batch norm).")
    Double weightDecay;

    @Option(names = "--workers", description = "Data loader threads.")
    Integer workers;

    @Option(names = "--threads", description = "PyTorch compute threads.")
    Integer threads;

    @Option(names = "--device", description = "cpu or gpu.")
    String device;

    @Option(
            names = "--layout",
            description =
                    "Memory order of the batches: channels-first, channels-last, or auto (time both"
                            + " on this machine at the start; default).")
    String layout;

    @Option(names = "--seed", description = "Seed of initialization, data order and augmentations.")
    Long seed;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints.")
    Integer checkpointEvery;

    @Option(names = "--keep-checkpoints", description = "Checkpoints kept.")
    Integer keepCheckpoints;

    @Option(names = "--knn-every", description = "Epochs between online kNN evaluations (0: off).")
    Integer knnEvery;

    @Option(
            names = "--knn-train-limit",
            description = "Training images the kNN monitor embeds (0: all).")
    Integer knnTrainLimit;

    @Option(names = "--out", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "pretrain");

    @Option(
            names = "--resume",
            description = "Continue the run in --out from its newest checkpoint.")
    boolean resume;

    /**
     * The validated settings that command-line {@code args} of this command describe, without
     * running anything: for tools that launch pretraining runs and want bad settings refused first.
     *
     * @throws IllegalArgumentException naming the setting and its legal range
     */
    public static PretrainConfig parseConfig(List<String> args) {
        PretrainCommand command = new PretrainCommand();
        try {
            new picocli.CommandLine(command).parseArgs(args.toArray(new String[0]));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.config();
    }

    /** The settings the options describe, validated. */
    PretrainConfig config() {
        PretrainConfig c = Recipes.named(recipe);
        if (method != null) {
            c.method = parse(PretrainConfig.Method.class, "--method", method);
        }
        if (dataset != null) {
            c.dataset = parse(PretrainConfig.Dataset.class, "--dataset", dataset);
        }
        c.data = data != null ? data : c.data;
        c.classList = classList != null ? classList : c.classList;
        c.skipBadImages |= skipBadImages;
        c.arch = arch != null ? arch : c.arch;
        c.stem = stem != null ? stem : c.stem;
        c.width = width != null ? width : c.width;
        c.zeroInitResidual = zeroInitResidual != null ? zeroInitResidual : c.zeroInitResidual;
        c.headLayers = headLayers != null ? headLayers : c.headLayers;
        c.headHidden = headHidden != null ? headHidden : c.headHidden;
        c.headOut = headOut != null ? headOut : c.headOut;
        c.imageSize = imageSize != null ? imageSize : c.imageSize;
        c.augmentation = augmentation != null ? augmentation : c.augmentation;
        c.epochs = epochs != null ? epochs : c.epochs;
        c.maxSteps = maxSteps != null ? maxSteps : c.maxSteps;
        c.minutes = minutes != null ? minutes : c.minutes;
        c.budgetWarmup = budgetWarmup != null ? budgetWarmup : c.budgetWarmup;
        c.batchSize = batchSize != null ? batchSize : c.batchSize;
        c.temperature = temperature != null ? temperature : c.temperature;
        c.secWeight = secWeight != null ? secWeight : c.secWeight;
        c.secMomentum = secMomentum != null ? secMomentum : c.secMomentum;
        c.secRamp = secRamp != null ? secRamp : c.secRamp;
        if (secTarget != null) {
            c.secTarget =
                    parse(SphericalEmbeddingConstraint.Target.class, "--sec-target", secTarget);
        }
        c.queueSize = queueSize != null ? queueSize : c.queueSize;
        c.keyMomentum = keyMomentum != null ? keyMomentum : c.keyMomentum;
        c.keyMomentumCosine = keyMomentumCosine != null ? keyMomentumCosine : c.keyMomentumCosine;
        c.symmetricLoss = symmetric != null ? symmetric : c.symmetricLoss;
        if (optimizer != null) {
            c.optimizer = parse(Optimizer.Kind.class, "--optimizer", optimizer);
        }
        c.lr = lr != null ? lr : c.lr;
        if (lrScaling != null) {
            c.lrScaling = parse(LearningRateSchedule.Scaling.class, "--lr-scaling", lrScaling);
        }
        c.warmupEpochs = warmupEpochs != null ? warmupEpochs : c.warmupEpochs;
        c.weightDecay = weightDecay != null ? weightDecay : c.weightDecay;
        c.workers = workers != null ? workers : c.workers;
        c.threads = threads != null ? threads : c.threads;
        c.device = device != null ? device : c.device;
        c.layout = layout != null ? layout : c.layout;
        c.seed = seed != null ? seed : c.seed;
        c.checkpointEvery = checkpointEvery != null ? checkpointEvery : c.checkpointEvery;
        c.keepCheckpoints = keepCheckpoints != null ? keepCheckpoints : c.keepCheckpoints;
        c.knnEvery = knnEvery != null ? knnEvery : c.knnEvery;
        c.knnTrainLimit = knnTrainLimit != null ? knnTrainLimit : c.knnTrainLimit;
        return c.validate();
    }

    static <E extends Enum<E>> E parse(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder legal = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                legal.append(legal.length() == 0 ? "" : ", ")
                        .append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(
                    option + " = " + value + " is not one of: " + legal, e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PretrainConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        int computeThreads = threads != null ? threads : config.threads;
        // Read by DJL when the engine starts: set before anything touches it.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(computeThreads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        LOG.info("allocator: {}", NativeAllocator.describe());
        try (PretrainRun run =
                resume
                        ? PretrainRun.resume(out, null, workers)
                        : PretrainRun.create(config, out, null)) {
            RunSummary summary = run.run();
            System.out.printf(
                    Locale.ROOT,
                    "pretrained %d steps in %.0f s: final loss %.4f, norm variance %.4g, %.1f views/s;"
                            + " encoder in %s%n",
                    summary.steps(),
                    summary.wallSeconds(),
                    summary.finalLoss(),
                    summary.finalNormVariance(),
                    summary.medianViewsPerSecond(),
                    summary.encoder());
            return 0;
        } catch (TrainingDivergedException e) {
            System.err.println("training stopped: " + e.getMessage());
            return 1;
        } catch (java.io.IOException | IllegalArgumentException e) {
            System.err.println("pretrain: " + e.getMessage());
            return 1;
        }
    }
}

package dev.sphereclr.pretrain.cli;

import com.google.common.base.CaseFormat;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.augment.cli.ComputeOptions;
import dev.sphereclr.augment.cli.DatasetOptions;
import dev.sphereclr.augment.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The settings of a pretraining run as options; add with {@code @Mixin}. Each option {@code
 * --head-hidden} sets the {@link PretrainConfig} field {@code headHidden}; an option left unset is
 * {@code null} and keeps the recipe's value ({@link #resolve}).
 */
public final class PretrainOptions {

    /** The command this is mixed into, whose parsed options are read. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--recipe",
            description =
                    "Named settings to start from (default: simclr-cifar10; quickstart for"
                            + " quickstart). --list-recipes lists them.")
    String recipe;

    @Option(
            names = "--list-recipes",
            description = "List the recipes with what each is and follows, then exit.")
    boolean listRecipes;

    /**
     * Prints the recipes when {@code --list-recipes} was given.
     *
     * @return whether it was
     */
    public boolean listedRecipes() {
        if (listRecipes) {
            System.out.print(Recipe.catalogue());
        }
        return listRecipes;
    }

    @Mixin DatasetOptions data;

    @Mixin ComputeOptions compute;

    @Option(names = "--method", description = "simclr or mocov2.")
    PretrainConfig.Method method;

    @Option(names = "--arch", description = "resnet18, resnet34 or resnet50.")
    String arch;

    @Option(names = "--stem", description = "auto, cifar or imagenet.")
    String stem;

    @Option(names = "--width", description = "Channel-width multiplier, (0, 4].")
    Double width;

    @Option(
            names = "--zero-init-residual",
            arity = "0..1",
            description = "Zero the last BN scale of each residual block.")
    Boolean zeroInitResidual;

    @Option(names = "--head-layers", description = "Projection head layers: 2 (SimCLR) or 3 (v2).")
    Integer headLayers;

    @Option(names = "--head-hidden", description = "Projection head hidden size.")
    Integer headHidden;

    @Option(names = "--head-out", description = "Projection size.")
    Integer headOut;

    @Option(
            names = "--head-batch-norm",
            arity = "0..1",
            description =
                    "Batch norm in the head's hidden layers (SimCLR: true; the SEC authors'"
                            + " SupContrast head: false).")
    Boolean headBatchNorm;

    @Option(
            names = "--resolution-schedule",
            description =
                    "Progressive resizing: SIZE@FROM,... (16@0,24@0.3,32@0.7: 16 px from the"
                            + " start, 24 px from 30%% of the run, 32 px from 70%%); the last size is"
                            + " --image-size.")
    String resolutionSchedule;

    @Option(
            names = "--small-crops",
            description =
                    "Multi-crop: small views per image besides the two global ones (SimCLR; 0: off).")
    Integer smallCrops;

    @Option(names = "--small-crop-size", description = "Multi-crop: side of the small views.")
    Integer smallCropSize;

    @Option(
            names = "--small-crop-scale-min",
            description = "Multi-crop: smallest area fraction a small view crops (SwAV: 0.05).")
    Double smallCropScaleMin;

    @Option(
            names = "--small-crop-scale-max",
            description = "Multi-crop: largest area fraction a small view crops (SwAV: 0.14).")
    Double smallCropScaleMax;

    @Option(names = "--image-size", description = "Crop size in pixels (32 CIFAR, 224 ImageNet).")
    Integer imageSize;

    @Option(
            names = "--augmentation",
            description = "auto, simclr-cifar, simclr-imagenet, sec-cifar or mocov2.")
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
                    "Wall-clock budget: train this many minutes, the schedule following elapsed"
                            + " time (0: off; --epochs and --max-steps are then ignored).")
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

    @Option(
            names = "--sec-ramp",
            arity = "0..1",
            description = "Ramp eta linearly from 0 over the run.")
    Boolean secRamp;

    @Option(names = "--sec-target", description = "mean (the SEC) or zero (the L2-norm ablation).")
    SphericalEmbeddingConstraint.Target secTarget;

    @Option(
            names = "--queue-size",
            description = "MoCo: keys in the queue, a multiple of the batch size.")
    Integer queueSize;

    @Option(names = "--key-momentum", description = "MoCo: key encoder momentum.")
    Double keyMomentum;

    @Option(
            names = "--key-momentum-cosine",
            arity = "0..1",
            description = "MoCo: raise the key momentum to 1 on a cosine.")
    Boolean keyMomentumCosine;

    @Option(
            names = {"--symmetric-loss", "--symmetric"},
            arity = "0..1",
            description = "MoCo: symmetric loss (each view as the query).")
    Boolean symmetricLoss;

    @Option(
            names = "--shuffle-groups",
            description = "MoCo: groups of the shuffled batch norm, a divisor of the batch size.")
    Integer shuffleGroups;

    @Option(names = "--optimizer", description = "lars, sgd or adamw.")
    Optimizer.Kind optimizer;

    @Option(names = "--lr", description = "Base learning rate, scaled by --lr-scaling.")
    Double lr;

    @Option(
            names = "--final-lr-ratio",
            description = "The cosine schedule ends at this fraction of the peak rate (default 0).")
    Double finalLrRatio;

    @Option(
            names = "--lr-scaling",
            description = "linear (lr * B / 256), sqrt (lr * sqrt(B)) or none.")
    LearningRateSchedule.Scaling lrScaling;

    @Option(
            names = "--warmup-epochs",
            description = "Linear warm-up epochs before the cosine decay.")
    Double warmupEpochs;

    @Option(names = "--weight-decay", description = "Weight decay (not on biases and batch norm).")
    Double weightDecay;

    @Option(names = "--momentum", description = "Optimizer momentum (LARS, SGD).")
    Double momentum;

    @Option(names = "--trust-coefficient", description = "LARS trust coefficient eta.")
    Double trustCoefficient;

    @Option(names = "--device", description = "cpu or gpu.")
    String device;

    @Option(
            names = "--layout",
            description =
                    "Memory order of the batches: channels-first, channels-last, or auto (time both"
                            + " on this machine at the start).")
    String layout;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints.")
    Integer checkpointEvery;

    @Option(names = "--keep-checkpoints", description = "Checkpoints kept.")
    Integer keepCheckpoints;

    @Option(
            names = "--log-every",
            description =
                    "Steps between rows of metrics.csv, the only time a step reads its loss back"
                            + " from the device (also before every checkpoint).")
    Integer logEvery;

    @Option(names = "--knn-every", description = "Epochs between online kNN evaluations (0: off).")
    Integer knnEvery;

    @Option(
            names = "--knn-train-limit",
            description = "Training images the kNN monitor embeds (0: all).")
    Integer knnTrainLimit;

    /** The recipe given, or {@code fallback}. */
    String recipeOr(String fallback) {
        return recipe != null ? recipe : fallback;
    }

    /**
     * The settings as parsed: the recipe (or {@code defaultRecipe}), overlaid by every setting
     * option the user gave, with the origin of each value.
     *
     * @throws IllegalArgumentException naming each bad setting
     */
    public Recipe.Resolved resolved(String defaultRecipe) {
        return Recipe.named(recipeOr(defaultRecipe)).resolve(overrides(mixee));
    }

    /** The validated settings of {@link #resolved}. */
    public PretrainConfig resolve(String defaultRecipe) {
        return resolved(defaultRecipe).config();
    }

    /** The settings, one a line: name, value, and where the value came from. */
    public static String describe(Recipe.Resolved resolved) {
        var tree = Json.GSON.toJsonTree(resolved.config()).getAsJsonObject();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, JsonElement> e : tree.entrySet()) {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "%-18s %-16s %s%n",
                            e.getKey(),
                            e.getValue(),
                            resolved.origins().getOrDefault(e.getKey(), "default")));
        }
        return text.toString();
    }

    /** The options of {@code spec} that were given and name a setting, as JSON values. */
    static Map<String, JsonElement> overrides(CommandSpec spec) {
        Map<String, JsonElement> overrides = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String field = settingOf(option);
            Object value = option.getValue();
            if (field == null || value == null) {
                continue;
            }
            overrides.put(
                    field,
                    value instanceof Path p
                            ? new JsonPrimitive(p.toString())
                            : Json.GSON.toJsonTree(value));
        }
        return overrides;
    }

    /** The {@link PretrainConfig} field {@code option} sets, or {@code null}. */
    static String settingOf(OptionSpec option) {
        String field =
                CaseFormat.LOWER_HYPHEN.to(
                        CaseFormat.LOWER_CAMEL, option.longestName().replaceFirst("^--", ""));
        return Recipe.isSetting(field) && !"recipe".equals(field) ? field : null;
    }
}

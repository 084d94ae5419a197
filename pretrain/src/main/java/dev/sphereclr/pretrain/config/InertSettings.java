package dev.sphereclr.pretrain.config;

import com.google.common.base.CaseFormat;
import dev.sphereclr.augment.io.Json;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Settings that the run's other settings leave without effect, such as LARS's trust coefficient
 * under SGD or a number of epochs in a {@code --minutes} budget. Given by the user, they are
 * refused rather than silently ignored; a recipe may carry them, so only what the user set is
 * checked.
 *
 * <p>SEC's own settings are not checked against {@code --sec-weight 0}: the budget experiment runs
 * the same options with and without SEC.
 */
final class InertSettings {

    /** A setting, when it has an effect, and why it has none otherwise. */
    private record Rule(
            String field, Predicate<PretrainConfig> used, Function<PretrainConfig, String> why) {}

    private static final Predicate<PretrainConfig> MOCO =
            c -> c.method == PretrainConfig.Method.MOCOV2;
    private static final Predicate<PretrainConfig> SMALL_CROPS = c -> c.smallCrops > 0;
    private static final Predicate<PretrainConfig> HIDDEN_LAYERS = c -> c.headLayers > 1;
    private static final Predicate<PretrainConfig> CLOCK = c -> c.minutes > 0;

    private static final List<Rule> RULES =
            List.of(
                    new Rule(
                            "trustCoefficient",
                            c -> c.optimizer == Optimizer.Kind.LARS,
                            c -> "only LARS has one (--optimizer = " + Json.id(c.optimizer) + ")"),
                    new Rule(
                            "momentum",
                            c -> c.optimizer != Optimizer.Kind.ADAMW,
                            c -> "AdamW has no momentum setting (--optimizer = adamw)"),
                    new Rule("queueSize", MOCO, c -> "only MoCo v2 has a queue"),
                    new Rule("keyMomentum", MOCO, c -> "only MoCo v2 has a key encoder"),
                    new Rule("keyMomentumCosine", MOCO, c -> "only MoCo v2 has a key encoder"),
                    new Rule("shuffleGroups", MOCO, c -> "only MoCo v2 shuffles batch norm"),
                    new Rule("smallCropSize", SMALL_CROPS, c -> "--small-crops is 0"),
                    new Rule("smallCropScaleMin", SMALL_CROPS, c -> "--small-crops is 0"),
                    new Rule("smallCropScaleMax", SMALL_CROPS, c -> "--small-crops is 0"),
                    new Rule(
                            "headHidden",
                            HIDDEN_LAYERS,
                            c -> "--head-layers 1 has no hidden layer"),
                    new Rule(
                            "headBatchNorm",
                            HIDDEN_LAYERS,
                            c -> "--head-layers 1 has no hidden layer"),
                    new Rule("knnTrainLimit", c -> c.knnEvery > 0, c -> "--knn-every is 0"),
                    new Rule(
                            "epochs",
                            CLOCK.negate(),
                            c -> "a --minutes budget (" + c.minutes + ") ends on time"),
                    new Rule(
                            "maxSteps",
                            CLOCK.negate(),
                            c ->
                                    "a --minutes budget ("
                                            + c.minutes
                                            + ") ends on time; set --minutes 0 for a steps"
                                            + " budget"),
                    new Rule(
                            "warmupEpochs",
                            CLOCK.negate(),
                            c ->
                                    "a --minutes budget ("
                                            + c.minutes
                                            + ") warms up over --budget-warmup, a fraction of the"
                                            + " time"),
                    new Rule(
                            "budgetWarmup",
                            CLOCK,
                            c ->
                                    "only a --minutes budget uses it; a run of epochs or steps"
                                            + " warms up over --warmup-epochs"));

    private InertSettings() {}

    /** Each setting of {@code given} (field names) that {@code c} leaves without effect. */
    static List<String> problems(PretrainConfig c, Collection<String> given) {
        List<String> errors = new ArrayList<>();
        for (Rule r : RULES) {
            if (given.contains(r.field()) && !r.used().test(c)) {
                errors.add(
                        "--"
                                + CaseFormat.LOWER_CAMEL.to(CaseFormat.LOWER_HYPHEN, r.field())
                                + " has no effect here: "
                                + r.why().apply(c));
            }
        }
        return errors;
    }
}

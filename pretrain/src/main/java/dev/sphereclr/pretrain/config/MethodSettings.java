package dev.sphereclr.pretrain.config;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.loss.Temperature;
import dev.sphereclr.pretrain.method.MoCoV2;
import java.util.List;
import java.util.function.Predicate;

/** The self-supervised method and its own settings (MoCo's queue and key encoder). */
public final class MethodSettings extends SettingGroup {

    static final String TITLE = "Method";

    @Setting(
            name = "method",
            help =
                    "simclr, mocov2; from labels: supcon, or metric learning with triplet,"
                            + " semihard_triplet, npair or multi_similarity.")
    public PretrainConfig.Method kind = PretrainConfig.Method.SIMCLR;

    @Setting(help = "NT-Xent / InfoNCE temperature.", range = Temperature.RANGE)
    public double temperature = 0.5;

    @Setting(help = "MoCo: keys in the queue, a multiple of the batch size.")
    public int queueSize = 4096;

    @Setting(help = "MoCo: key encoder momentum.", range = MoCoV2.Settings.KEY_MOMENTUM)
    public double keyMomentum = 0.99;

    @Setting(help = "MoCo: raise the key momentum to 1 on a cosine.")
    public boolean keyMomentumCosine;

    @Setting(help = "MoCo: symmetric loss (each view as the query).", aliases = "--symmetric")
    public boolean symmetricLoss;

    @Setting(help = "MoCo: groups of the shuffled batch norm, a divisor of the batch size.")
    public int shuffleGroups = 4;

    private static final Predicate<PretrainConfig> MOCO =
            c -> c.method.kind == PretrainConfig.Method.MOCOV2;

    /** The defaults. */
    public MethodSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        require(
                errors,
                !c.method.kind.pairs() || c.budget.imagesPerClass >= 2,
                "--images-per-class",
                c.budget.imagesPerClass,
                "2 or more for --method "
                        + Json.id(c.method.kind)
                        + " (every image needs a positive in its batch)");
        if (MOCO.test(c)) {
            require(
                    errors,
                    c.method.queueSize >= c.budget.batchSize
                            && c.method.queueSize % c.budget.batchSize == 0,
                    "--queue-size",
                    c.method.queueSize,
                    "a multiple of the batch size " + c.budget.batchSize);
            require(
                    errors,
                    c.method.shuffleGroups >= 1 && c.budget.batchSize % c.method.shuffleGroups == 0,
                    "--shuffle-groups",
                    c.method.shuffleGroups,
                    "a divisor of the batch size " + c.budget.batchSize);
        }
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert(
                        "temperature",
                        c -> !c.method.kind.pairs(),
                        c -> Json.id(c.method.kind) + " has no temperature"),
                new Inert("queueSize", MOCO, c -> "only MoCo v2 has a queue"),
                new Inert("keyMomentum", MOCO, c -> "only MoCo v2 has a key encoder"),
                new Inert("keyMomentumCosine", MOCO, c -> "only MoCo v2 has a key encoder"),
                new Inert("symmetricLoss", MOCO, c -> "SimCLR's loss is symmetric already"),
                new Inert("shuffleGroups", MOCO, c -> "only MoCo v2 shuffles batch norm"));
    }
}

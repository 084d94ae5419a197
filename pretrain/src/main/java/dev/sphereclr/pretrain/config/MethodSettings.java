package dev.sphereclr.pretrain.config;

import java.util.List;
import java.util.function.Predicate;

/** The self-supervised method and its own settings (MoCo's queue and key encoder). */
final class MethodSettings extends SettingGroup {

    static final String TITLE = "Method";

    private static final Predicate<PretrainConfig> MOCO =
            c -> c.method == PretrainConfig.Method.MOCOV2;

    MethodSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        if (MOCO.test(c)) {
            require(
                    errors,
                    c.queueSize >= c.batchSize && c.queueSize % c.batchSize == 0,
                    "--queue-size",
                    c.queueSize,
                    "a multiple of the batch size " + c.batchSize);
            require(
                    errors,
                    c.shuffleGroups >= 1 && c.batchSize % c.shuffleGroups == 0,
                    "--shuffle-groups",
                    c.shuffleGroups,
                    "a divisor of the batch size " + c.batchSize);
        }
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert("queueSize", MOCO, c -> "only MoCo v2 has a queue"),
                new Inert("keyMomentum", MOCO, c -> "only MoCo v2 has a key encoder"),
                new Inert("keyMomentumCosine", MOCO, c -> "only MoCo v2 has a key encoder"),
                new Inert("symmetricLoss", MOCO, c -> "SimCLR's loss is symmetric already"),
                new Inert("shuffleGroups", MOCO, c -> "only MoCo v2 shuffles batch norm"));
    }
}

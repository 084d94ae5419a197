package dev.sphereclr.pretrain.config;

import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import java.util.List;
import java.util.function.Predicate;

/**
 * The spherical embedding constraint. Its settings are not refused at {@code --sec-weight 0}: the
 * budget experiment runs the same options with and without it.
 */
public final class SecSettings extends SettingGroup {

    static final String TITLE = "Spherical embedding constraint (SEC)";

    @Setting(
            name = "secWeight",
            help = "SEC weight eta; 0 is plain SimCLR / MoCo.",
            range = SphericalEmbeddingConstraint.WEIGHT)
    public double weight;

    @Setting(
            name = "secMomentum",
            help = "Weight of the batch in SEC's moving mean; 1: batch mean.",
            range = SphericalEmbeddingConstraint.MOMENTUM)
    public double momentum = 1.0;

    @Setting(name = "secRamp", help = "Ramp eta linearly from 0 over the run.")
    public boolean ramp;

    @Setting(name = "secTarget", help = "mean (the SEC) or zero (the L2-norm ablation).")
    public SphericalEmbeddingConstraint.Target target = SphericalEmbeddingConstraint.Target.MEAN;

    /** The defaults. */
    public SecSettings() {
        super(TITLE);
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert("secMomentum", USED, c -> OFF, true),
                new Inert("secRamp", USED, c -> OFF, true),
                new Inert("secTarget", USED, c -> OFF, true));
    }

    private static final Predicate<PretrainConfig> USED = c -> c.sec.weight > 0;
    private static final String OFF = "--sec-weight is 0";
}

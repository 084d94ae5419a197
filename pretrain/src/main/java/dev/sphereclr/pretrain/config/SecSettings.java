package dev.sphereclr.pretrain.config;

import java.util.List;
import java.util.function.Predicate;

/**
 * The spherical embedding constraint. Its settings are not refused at {@code --sec-weight 0}: the
 * budget experiment runs the same options with and without it.
 */
final class SecSettings extends SettingGroup {

    static final String TITLE = "Spherical embedding constraint (SEC)";

    SecSettings() {
        super(TITLE);
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert("secMomentum", USED, c -> OFF, true),
                new Inert("secRamp", USED, c -> OFF, true),
                new Inert("secTarget", USED, c -> OFF, true));
    }

    private static final Predicate<PretrainConfig> USED = c -> c.secWeight > 0;
    private static final String OFF = "--sec-weight is 0";
}

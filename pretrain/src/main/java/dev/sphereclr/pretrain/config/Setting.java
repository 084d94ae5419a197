package dev.sphereclr.pretrain.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A setting of a run, declared once on its field of {@link PretrainConfig}: the group that shows
 * and checks it, its help text and its legal range. The command-line option ({@code secWeight} is
 * {@code --sec-weight}), {@code --help}, {@code --print-config}, the recipes' keys and the range
 * check all derive from this declaration ({@link Settings}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Setting {

    /** The group whose section shows the setting and whose rules check it. */
    Class<? extends SettingGroup> group();

    /** What the setting does, one or two sentences for {@code --help}. */
    String help() default "";

    /** The legal values as {@link dev.sphereclr.encoder.settings.LegalRange} text, or none. */
    String range() default "";

    /** Further option names besides the one derived from the field's name. */
    String[] aliases() default {};

    /**
     * Whether the setting changes no result (where the data is, how the run is carried out), so
     * that recipes leave it to the command.
     */
    boolean operational() default false;

    /**
     * Whether the option is declared once for several commands ({@code DatasetOptions}, {@code
     * ComputeOptions}, {@code --recipe}) rather than derived here.
     */
    boolean sharedOption() default false;
}

package dev.sphereclr.pretrain.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A setting of a run, declared once on its field of a group ({@link SecSettings#weight}, ...): its
 * name, help text and legal range. The command-line option ({@code secWeight} is {@code
 * --sec-weight}), {@code --help}, {@code --print-config}, the recipes' keys and the range check all
 * derive from this declaration ({@link Settings}); the group's class is the section it shows in.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Setting {

    /**
     * The setting's name where it differs from the field's: the key of recipes and of the flat form
     * of {@code config.json}, and the option ({@code secWeight} is {@code --sec-weight}).
     */
    String name() default "";

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

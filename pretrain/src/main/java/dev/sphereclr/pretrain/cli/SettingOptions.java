package dev.sphereclr.pretrain.cli;

import com.google.common.base.CaseFormat;
import com.google.common.primitives.Primitives;
import dev.sphereclr.pretrain.config.Setting;
import dev.sphereclr.pretrain.config.Settings;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Derives the command-line options of the run's settings from their declarations ({@link Setting}):
 * one section per group, an option per field ({@code headHidden} is {@code --head-hidden}), its
 * help with the legal range appended, unset meaning "keep the recipe's value".
 */
public final class SettingOptions implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        // picocli hands a command added as a built subcommand to its transformers again.
        if (spec.findOption(optionName("imageSize")) != null) { // already added
            return spec;
        }
        int order = 1;
        for (Settings.Group group : Settings.groups()) {
            ArgGroupSpec.Builder section =
                    ArgGroupSpec.builder()
                            .heading("%n" + group.title() + ":%n")
                            .exclusive(false)
                            .validate(false)
                            .order(order++);
            for (Field field : group.declarations()) {
                Setting setting = field.getAnnotation(Setting.class);
                if (!setting.sharedOption()) {
                    section.addArg(option(field, setting, group));
                }
            }
            spec.addArgGroup(section.build());
        }
        return spec;
    }

    /**
     * The option name of the setting {@code field}: {@code headHidden} is {@code --head-hidden}.
     */
    public static String optionName(String field) {
        return "--" + CaseFormat.LOWER_CAMEL.to(CaseFormat.LOWER_HYPHEN, field);
    }

    private static OptionSpec option(Field field, Setting setting, Settings.Group group) {
        String name = Settings.Group.name(field);
        List<String> names = new ArrayList<>(List.of(optionName(name)));
        names.addAll(List.of(setting.aliases()));
        Class<?> type = Primitives.wrap(field.getType());
        String help =
                setting.range().isEmpty()
                        ? setting.help()
                        : setting.help() + " Range: " + group.ranges().get(name) + ".";
        OptionSpec.Builder option =
                OptionSpec.builder(names.toArray(new String[0]))
                        .type(type)
                        .paramLabel("<" + name + ">")
                        .description(help);
        if (type == Boolean.class) {
            option.arity("0..1");
        }
        return option.build();
    }
}

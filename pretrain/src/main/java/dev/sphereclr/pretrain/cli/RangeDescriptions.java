package dev.sphereclr.pretrain.cli;

import com.google.common.base.CaseFormat;
import dev.sphereclr.encoder.settings.LegalRange;
import dev.sphereclr.pretrain.config.Settings;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The descriptions picocli shows for the setting options that have a legal range: each option's own
 * text with the range its component declares appended, so that {@code --help} states the range
 * without a second copy of it. picocli reads an option's description from this bundle by the
 * option's name ({@code width} for {@code --width}).
 */
public final class RangeDescriptions extends ListResourceBundle {

    static final List<Class<?>> OPTION_GROUPS =
            List.of(
                    ViewOptions.class,
                    ModelOptions.class,
                    MethodOptions.class,
                    SecOptions.class,
                    OptimizerOptions.class,
                    BudgetOptions.class,
                    RunOptions.class);

    @Override
    protected Object[][] getContents() {
        List<Object[]> entries = new ArrayList<>();
        for (Class<?> group : OPTION_GROUPS) {
            for (Field field : group.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                LegalRange range = rangeOf(field.getName());
                if (option != null && range != null) {
                    String key =
                            CaseFormat.LOWER_CAMEL.to(CaseFormat.LOWER_HYPHEN, field.getName());
                    entries.add(
                            new Object[] {
                                key,
                                String.join(" ", option.description()) + " Range: " + range + "."
                            });
                }
            }
        }
        return entries.toArray(new Object[0][]);
    }

    private static LegalRange rangeOf(String field) {
        for (Settings.Group g : Settings.groups()) {
            Map<String, LegalRange> ranges = g.ranges();
            if (ranges.containsKey(field)) {
                return ranges.get(field);
            }
        }
        return null;
    }
}

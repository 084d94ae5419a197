package dev.sphereclr.spark;

import dev.sphereclr.runtime.cli.CommandExtension;
import java.util.List;

/** Adds {@code embed} to SphereCLR's command line when this module is on the class path. */
public final class SparkCommands implements CommandExtension {

    @Override
    public List<Object> commands() {
        return List.of(new EmbedCommand());
    }
}

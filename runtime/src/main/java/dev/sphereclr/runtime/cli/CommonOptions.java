package dev.sphereclr.runtime.cli;

import picocli.CommandLine.Option;

/** Options every SphereCLR command has; add with {@code @Mixin}. */
public final class CommonOptions {

    /** Read by {@link Cli} before the command runs. */
    @Option(
            names = "--verbose",
            description = "Log everything at DEBUG level (default: progress and warnings only).")
    boolean verbose;

    /** Whether {@code --verbose} was given. */
    public boolean verbose() {
        return verbose;
    }
}

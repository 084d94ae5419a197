package dev.sphereclr.runtime.cli;

import java.util.List;

/**
 * Subcommands another module adds to {@link SphereClr}, found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services} entry): the bench module adds {@code bench} and {@code budget}
 * without the product depending on it.
 */
public interface CommandExtension {

    /** The picocli command objects to add, each named by its {@code @Command}. */
    List<Object> commands();
}

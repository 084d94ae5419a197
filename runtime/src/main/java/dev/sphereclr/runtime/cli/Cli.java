package dev.sphereclr.runtime.cli;

import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.runtime.Logging;
import dev.sphereclr.runtime.ParentWatch;
import dev.sphereclr.runtime.Relauncher;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * The one way SphereCLR's programs start: relaunch under a fast allocator when that helps, set the
 * log level from {@code --verbose}, run the picocli command and exit with its code.
 *
 * <p>Exit codes follow picocli: 0 success, 1 an error while running, 2 a bad command line.
 */
public final class Cli {

    private static final List<String> NO_WORK_OPTIONS = List.of("--help", "-h", "--version", "-V");

    private Cli() {}

    /**
     * Runs {@code command} as the program {@code mainClass} with {@code args}. Returns normally on
     * success (so that {@code mvn exec:java} reports success) and exits the JVM otherwise.
     */
    public static void main(Class<?> mainClass, Object command, String[] args) {
        ParentWatch.startFromProperty();
        int code;
        try {
            code = run(mainClass, command, args);
        } catch (Exception e) {
            System.err.println("SphereCLR: could not start: " + e);
            code = 1;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(Class<?> mainClass, Object command, String[] args) throws Exception {
        boolean computes =
                args.length > 0
                        && !"help".equals(args[0])
                        && List.of(args).stream().noneMatch(NO_WORK_OPTIONS::contains);
        if (computes) {
            var library = Relauncher.libraryToPreload(System.getenv());
            if (library.isPresent()) {
                return Relauncher.relaunch(library.get(), mainClass, args);
            }
        }
        return execute(command, args);
    }

    /**
     * The exit code of a command that failed with {@code e}: 2 for a bad argument (an illegal
     * value, or a {@link SettingException} such as a missing {@code --data}), 1 for a fault met
     * while working.
     */
    public static int exitCode(Exception e) {
        return e instanceof SettingException || e instanceof IllegalArgumentException ? 2 : 1;
    }

    /** Parses and runs {@code command} in this JVM; tests call this directly. */
    public static int execute(Object command, String... args) {
        CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        line.setExecutionStrategy(
                parsed -> {
                    Logging.configure(verbose(parsed));
                    return new CommandLine.RunLast().execute(parsed);
                });
        line.setExecutionExceptionHandler(Cli::unexpected);
        return line.execute(args);
    }

    /**
     * What a command did not catch: a fault of SphereCLR's, not of the user's input. One line with
     * the command's name; the stack trace only with {@code --verbose}.
     */
    private static int unexpected(
            Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        boolean verbose = verbose(parsed);
        PrintWriter err = command.getErr();
        err.println(
                command.getCommandName()
                        + ": unexpected error, please report it: "
                        + e
                        + (verbose ? "" : " (--verbose shows where)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof IllegalArgumentException ? 2 : 1;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        boolean verbose = false;
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            verbose |= r.hasMatchedOption("--verbose");
        }
        return verbose;
    }
}

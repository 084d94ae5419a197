package dev.sphereclr.app;

import dev.sphereclr.augment.cli.ContactSheetCommand;
import dev.sphereclr.eval.cli.EvalCommand;
import dev.sphereclr.pretrain.cli.ExportCommand;
import dev.sphereclr.pretrain.cli.PretrainCommand;
import dev.sphereclr.runtime.Version;
import dev.sphereclr.runtime.cli.Cli;
import dev.sphereclr.runtime.cli.CommandExtension;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * SphereCLR's one command line: {@code mvn -q test-compile exec:java -Dexec.args="SUBCOMMAND ..."}
 * (or {@code java dev.sphereclr.app.SphereClr SUBCOMMAND ...}).
 */
@Command(
        name = "sphereclr",
        mixinStandardHelpOptions = true,
        versionProvider = SphereClr.VersionProvider.class,
        description =
                "Contrastive self-supervised pretraining (SimCLR, MoCo v2, the spherical embedding"
                        + " constraint) and its evaluation.",
        footer = {
            "",
            "Caches: datasets and features go to $SPHERECLR_CACHE (default ~/.sphereclr); the"
                    + " PyTorch natives DJL unpacks go to $DJL_CACHE_DIR (default ~/.djl.ai)."
        },
        subcommands = {
            QuickstartCommand.class,
            PretrainCommand.class,
            ExportCommand.class,
            EvalCommand.class,
            ContactSheetCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SphereClr implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Runs the subcommand {@code args} name. */
    public static void main(String[] args) {
        Cli.main(SphereClr.class, command(), args);
    }

    /**
     * The command line with every subcommand on the class path: the product's own and those of each
     * {@link CommandExtension}.
     */
    public static CommandLine.Model.CommandSpec command() {
        CommandLine.Model.CommandSpec spec =
                CommandLine.Model.CommandSpec.forAnnotatedObject(new SphereClr());
        for (CommandExtension extension : ServiceLoader.load(CommandExtension.class)) {
            for (Object command : extension.commands()) {
                CommandLine sub = new CommandLine(command);
                spec.addSubcommand(sub.getCommandName(), sub);
            }
        }
        return spec;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code --version}: the build's version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"SphereCLR " + Version.get()};
        }
    }
}

package dev.sphereclr.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging levels of the command-line programs: quiet by default (SphereCLR at INFO, libraries at
 * WARN), everything at DEBUG with {@code --verbose}. Libraries that embed SphereCLR keep their own
 * logback configuration; only the command-line entry points call this.
 */
public final class Logging {

    private Logging() {}

    /**
     * Configures the console log for a command-line run, unless a logback configuration file was
     * named ({@code -Dlogback.configurationFile}, as the tests do to log into a file).
     */
    public static void configure(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || System.getProperty("logback.configurationFile") != null) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(
                verbose
                        ? "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n"
                        : "%d{HH:mm:ss} %-5level %msg%n");
        encoder.start();
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(verbose ? Level.DEBUG : Level.WARN);
        context.getLogger("dev.sphereclr").setLevel(verbose ? Level.DEBUG : Level.INFO);
        // DJL probes for CUDA on every start and warns on machines without a GPU.
        context.getLogger("ai.djl.util.cuda").setLevel(verbose ? Level.DEBUG : Level.ERROR);
        // Spark in local mode (embed) warns of a loopback host name and of Hadoop's missing
        // native library, neither of which matters on one machine.
        for (String name : new String[] {"org.apache.spark.util.Utils", "org.apache.hadoop.util"}) {
            context.getLogger(name).setLevel(verbose ? Level.DEBUG : Level.ERROR);
        }
    }
}

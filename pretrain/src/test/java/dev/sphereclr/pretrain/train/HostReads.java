package dev.sphereclr.pretrain.train;

import ai.djl.pytorch.engine.PtNDArray;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassReloadingStrategy;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Counts every read of an array's data from the engine into Java: each one goes through {@code
 * PtNDArray.toByteBuffer(boolean)} ({@code getDouble}, {@code toFloatArray}, {@code getBoolean},
 * ... all end there), which a Java agent makes count.
 */
public final class HostReads {

    /** Reads so far, in every thread. */
    public static final AtomicLong COUNT = new AtomicLong();

    private static boolean installed;

    private HostReads() {}

    /** Makes reads count from now on, in this JVM. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        ByteBuddyAgent.install();
        new ByteBuddy()
                .redefine(PtNDArray.class)
                .visit(
                        Advice.to(Count.class)
                                .on(
                                        ElementMatchers.named("toByteBuffer")
                                                .and(
                                                        ElementMatchers.takesArguments(
                                                                boolean.class))))
                .make()
                .load(
                        PtNDArray.class.getClassLoader(),
                        ClassReloadingStrategy.fromInstalledAgent());
        installed = true;
    }

    /** The code the agent adds at the start of the read. */
    public static final class Count {
        private Count() {}

        /** Counts one read. */
        @Advice.OnMethodEnter
        public static void enter() {
            COUNT.incrementAndGet();
        }
    }
}

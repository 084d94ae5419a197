package dev.sphereclr.pretrain.loss;

/**
 * The temperature \( \tau \) of a contrastive loss (NT-Xent, InfoNCE): the logits are cosine
 * similarities divided by it. Its legal range, (0, 10], is stated here once, for the losses and for
 * the settings that name it ({@code --temperature}).
 */
public final class Temperature {

    /** The range as the messages print it. */
    public static final String RANGE = "(0, 10]";

    private Temperature() {}

    /** Whether {@code t} is a legal temperature. */
    public static boolean legal(double t) {
        return t > 0 && t <= 10;
    }

    /**
     * Returns {@code t}, refusing an illegal one.
     *
     * @throws IllegalArgumentException naming the range
     */
    public static double check(double t) {
        if (!legal(t)) {
            throw new IllegalArgumentException("temperature must be in " + RANGE + ", got " + t);
        }
        return t;
    }
}

package dev.sphereclr.pretrain.loss;

import dev.sphereclr.encoder.settings.LegalRange;

/**
 * The temperature \( \tau \) of a contrastive loss (NT-Xent, InfoNCE): the logits are cosine
 * similarities divided by it. Its legal range is stated here once, for the losses and for the
 * settings that name it ({@code --temperature}).
 */
public final class Temperature {

    /** The legal temperatures. */
    public static final String RANGE = "(0, 10]";

    private Temperature() {}

    /**
     * Returns {@code t}, refusing an illegal one.
     *
     * @throws IllegalArgumentException naming the range
     */
    public static double check(double t) {
        return LegalRange.of(RANGE).check("temperature", t);
    }
}

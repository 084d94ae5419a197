package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sphereclr.pretrain.method.LossParts;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void theConsoleNamesTheLossPartsWhenSecAddsOne() {
        assertEquals(
                "loss 10.9300 = contrastive 5.5900 + 0.0100 x SEC 534.0",
                ProgressBar.loss(new LossParts.Values(5.59, 534.0, 0.01, 20, 3)));
        assertEquals("loss 5.5900", ProgressBar.loss(new LossParts.Values(5.59, 534.0, 0, 20, 3)));
        assertEquals("loss n/a", ProgressBar.loss(null));
        assertEquals("1:02:05", ProgressBar.format(3725));
    }
}

package dev.sphereclr.pretrain.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sphereclr.pretrain.method.LossParts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static LossParts.Values values(double secWeight) {
        return new LossParts.Values(5.59, Map.of("sec", 534.0), Map.of("sec", secWeight), 20, 3);
    }

    @Test
    void theConsoleNamesTheLossPartsWhenSecAddsOne() {
        assertEquals(
                "loss 10.9300 = contrastive 5.5900 + 0.0100 x SEC 534.0",
                ProgressBar.loss(values(0.01)));
        assertEquals("loss 5.5900", ProgressBar.loss(values(0)));
        assertEquals("loss n/a", ProgressBar.loss(null));
        assertEquals("1:02:05", ProgressBar.format(3725));
    }
}

package dev.sphereclr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonPrimitive;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.config.Recipe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GPU check's dry run: the command a person with a GPU runs, here on the CPU with small sizes,
 * so that it cannot rot where no GPU is.
 */
class GpuCheckTest {

    @Test
    void theDryRunOnTheCpuPassesEveryCheckAndPrintsOneTable() throws Exception {
        PretrainConfig bench =
                Recipe.named("simclr-cifar10")
                        .resolve(
                                Map.of(
                                        "width", new JsonPrimitive(0.25),
                                        "batchSize", new JsonPrimitive(16),
                                        "threads", new JsonPrimitive(2),
                                        "layout", new JsonPrimitive("channels-first")))
                        .config();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code =
                GpuCheck.run(
                        bench,
                        Device.cpu(),
                        3,
                        0,
                        1,
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, table);
        assertTrue(table.contains("SimCLR + SEC, quickstart, 3 steps"), table);
        assertTrue(table.contains("chunked step = reference, simclr, float32"), table);
        assertTrue(table.contains("chunked step = reference, mocov2, float32"), table);
        assertTrue(table.contains("bench embed"), table);
        assertEquals(5, table.lines().filter(l -> l.endsWith(" ok")).count(), table);
        assertTrue(table.contains("every check passed"), table);
    }
}

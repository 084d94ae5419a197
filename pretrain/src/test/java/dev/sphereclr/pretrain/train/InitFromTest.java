package dev.sphereclr.pretrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sphereclr.encoder.EncoderFolder;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.nn.TorchvisionNames;
import dev.sphereclr.pretrain.config.PretrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --init-from}: a run's encoder starts from a safetensors file, checked first. */
class InitFromTest {

    @TempDir Path tmp;

    @Test
    void aNewRunStartsFromTheFilesWeightsAndAResumeFromItsCheckpoint() throws IOException {
        PretrainConfig c = TinyRuns.config();
        Path first = tmp.resolve("first");
        try (PretrainRun run = PretrainRun.create(c, first, TinyRuns.loader(c))) {
            run.run();
        }
        Path weights = first.resolve("encoder").resolve(EncoderManifest.SAFETENSORS_FILE);
        Map<String, SafeTensors.Tensor> expected = SafeTensors.read(weights).tensors();

        PretrainConfig continued = TinyRuns.config();
        continued.model.initFrom = weights.toString();
        continued.run.seed = 8;
        Path second = tmp.resolve("second");
        EncoderManifest layout =
                Json.read(first.resolve("encoder/manifest.json"), EncoderManifest.class);
        try (PretrainRun run = PretrainRun.create(continued, second, TinyRuns.loader(continued))) {
            Map<String, SafeTensors.Tensor> started =
                    TorchvisionNames.tensors(
                            EncoderFolder.architecture(layout), run.model().encoder());
            assertEquals(expected.keySet(), started.keySet());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name).values(), started.get(name).values(), name);
            }
            run.run(4);
        }
        // The file may go: a resume restores the checkpoint and does not read it.
        Files.move(weights, tmp.resolve("moved.safetensors"));
        try (PretrainRun run = PretrainRun.resume(second, TinyRuns.loader(continued), null)) {
            assertEquals(4, run.step());
        }
    }

    @Test
    void aPickleAMissingFileAndAnotherArchitectureAreRefusedBeforeAnyWork() throws IOException {
        PretrainConfig c = TinyRuns.config();
        c.model.initFrom = Files.writeString(tmp.resolve("resnet18.pth"), "PK").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertTrue(
                e.getMessage()
                        .contains("--init-from " + c.model.initFrom + ": a pickled PyTorch file"),
                e.getMessage());

        PretrainConfig missing = TinyRuns.config();
        missing.model.initFrom = tmp.resolve("none.safetensors").toString();
        IOException none =
                assertThrows(
                        IOException.class,
                        () ->
                                PretrainRun.create(
                                        missing, tmp.resolve("none"), TinyRuns.loader(missing)));
        assertEquals("--init-from " + missing.model.initFrom + ": no such file", none.getMessage());

        Path first = tmp.resolve("first");
        PretrainConfig tiny = TinyRuns.config();
        try (PretrainRun run = PretrainRun.create(tiny, first, TinyRuns.loader(tiny))) {
            run.run(1);
            run.exportEncoder(first.resolve("encoder"));
        }
        PretrainConfig wider = TinyRuns.config();
        wider.model.width = 0.5;
        wider.model.initFrom =
                first.resolve("encoder").resolve(EncoderManifest.SAFETENSORS_FILE).toString();
        IOException refused =
                assertThrows(
                        IOException.class,
                        () ->
                                PretrainRun.create(
                                        wider, tmp.resolve("wider"), TinyRuns.loader(wider)));
        assertTrue(
                refused.getMessage()
                        .startsWith(
                                wider.model.initFrom
                                        + ": conv1.weight has shape [16, 3, 3, 3], a resnet18 at width 0.5 expects [32, 3, 3, 3]"),
                refused.getMessage());
    }
}

package dev.sphereclr.pretrain.run;

import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.export.EncoderExport;
import dev.sphereclr.pretrain.nn.ProjectionHead;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.watch.ProcessStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** The frozen-encoder export of a run's model, with the run's provenance in its manifest. */
public final class RunExport {

    private RunExport() {}

    /**
     * Writes {@code model}'s encoder into {@code folder}.
     *
     * @param config the run's settings
     * @param steps steps trained
     * @param epochs epochs of data those steps saw
     */
    public static void write(
            Path folder, SslModel model, PretrainConfig config, long steps, double epochs)
            throws IOException {
        ViewConfig eval = config.evalView();
        EncoderManifest m = new EncoderManifest();
        m.architecture = model.resnet().name();
        m.stem = model.resnet().stem().name().toLowerCase(Locale.ROOT);
        m.width = model.resnet().width();
        m.inputSize = config.evalSize();
        m.normalizationMean = eval.mean();
        m.normalizationStd = eval.std();
        m.featureSize = model.resnet().featureSize();
        m.provenance.put("dataset", config.data.dataset.id());
        m.provenance.put(
                "data",
                config.data.path == null ? config.data.dataset.defaultSource() : config.data.path);
        m.provenance.put("method", Json.id(config.method.kind));
        m.provenance.put("recipe", config.run.recipe);
        m.provenance.put("steps", steps);
        m.provenance.put("epochs", epochs);
        m.provenance.put("threads", config.run.threads);
        m.provenance.put("batchSize", config.budget.batchSize);
        m.provenance.put("secWeight", config.sec.weight);
        m.provenance.put("seed", config.run.seed);
        m.provenance.put("versions", ProcessStats.versions());
        m.provenance.put("created", Instant.now().toString());
        EncoderExport.write(model.encoder(), ProjectionHead.tensors(model.head()), m, folder);
    }
}

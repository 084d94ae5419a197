package dev.sphereclr.eval.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sphereclr.augment.data.Datasets;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.RandomEncoder;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.eval.FixturesAccess;
import dev.sphereclr.eval.LinearEvaluation;
import dev.sphereclr.eval.report.EvalReport;
import dev.sphereclr.pretrain.export.EncoderExport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every export holds {@code encoder.safetensors} under torchvision's names; where Python with torch
 * and torchvision runs, PyTorch loads it strictly (torchvision's own {@code resnet18} at width 1,
 * the repository's loader at other widths) and computes the features SphereCLR does.
 */
class TorchvisionExportTest {

    @TempDir Path tmp;

    @Test
    void theExportHoldsTorchvisionsNamesWithBatchNormStatistics() throws IOException {
        Path export = FixturesAccess.tinyEncoder(tmp);
        SafeTensors.Contents c = SafeTensors.read(export.resolve(EncoderManifest.SAFETENSORS_FILE));
        List<String> names = new ArrayList<>(c.tensors().keySet());
        assertEquals("conv1.weight", names.get(0));
        assertEquals(
                List.of("bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"),
                names.subList(1, 5));
        assertTrue(names.contains("layer2.0.downsample.0.weight"), names.toString());
        assertTrue(names.contains("layer4.1.bn2.num_batches_tracked"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("fc.")), names.toString());
        assertEquals(20 * 6, names.size(), "resnet18: 20 conv + batch-norm pairs, 6 tensors each");
        assertEquals("resnet18", c.metadata().get("architecture"));
        assertEquals("cifar", c.metadata().get("stem"));
        try (FrozenEncoder encoder = FrozenEncoder.load(export)) {
            assertEquals(encoder.id(), c.metadata().get("encoder_id"));
        }
    }

    /** A python3 that imports torch and torchvision, or null. */
    static String python() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p =
                        new ProcessBuilder(candidate, "-c", "import torch, torchvision")
                                .redirectErrorStream(true)
                                .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // try the next
            }
        }
        return null;
    }

    /** The features PyTorch computes for {@code batch} with the export's safetensors. */
    private float[] pytorchFeatures(
            Path safetensors, float[] batch, int n, int side, boolean torchvisionsOwn)
            throws Exception {
        Path input = tmp.resolve("input-" + System.nanoTime() + ".safetensors");
        Map<String, SafeTensors.Tensor> in = new LinkedHashMap<>();
        in.put("x", SafeTensors.Tensor.of(new long[] {n, 3, side, side}, batch));
        SafeTensors.write(input, in, Map.of());
        Path output = tmp.resolve("features-" + System.nanoTime() + ".f32");
        String script =
                String.join(
                        "\n",
                        "import sys, torch, torchvision",
                        "sys.path.insert(0, sys.argv[1])",
                        "import sphereclr_encoder as s",
                        "tensors, meta = s.read(sys.argv[2])",
                        "if sys.argv[5] == 'torchvision':",
                        "    model = getattr(torchvision.models, meta['architecture'])()",
                        "    model.fc = torch.nn.Identity()",
                        "    if meta['stem'] == 'cifar':",
                        "        model.conv1 = torch.nn.Conv2d(3, 64, 3, 1, 1, bias=False)",
                        "        model.maxpool = torch.nn.Identity()",
                        "    print(model.load_state_dict(tensors, strict=True))",
                        "else:",
                        "    model, meta = s.load(sys.argv[2])",
                        "model.eval()",
                        "x, _ = s.read(sys.argv[3])",
                        "with torch.no_grad():",
                        "    model(x['x']).numpy().astype('<f4').tofile(sys.argv[4])");
        String console =
                run(
                        script,
                        safetensors.toString(),
                        input.toString(),
                        output.toString(),
                        torchvisionsOwn ? "torchvision" : "loader");
        if (torchvisionsOwn) {
            assertTrue(console.contains("<All keys matched successfully>"), console);
        }
        return floats(output);
    }

    /**
     * Runs {@code script} in a python3 with torch and torchvision (the test is skipped where there
     * is none), the folder of the repository's loader its first argument, {@code args} after it.
     *
     * @return its console
     */
    private static String run(String script, String... args) throws Exception {
        String python = python();
        assumeTrue(
                python != null,
                "skipped: no python3 here imports torch and torchvision (apt-get install"
                        + " python3-torch python3-torchvision)");
        Path loader =
                Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                        .resolve("examples/python");
        List<String> command = new ArrayList<>(List.of(python, "-c", script, loader.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String console = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), console);
        assertEquals(0, p.exitValue(), console);
        return console;
    }

    /** A file of little-endian float32 values. */
    private static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** The largest difference between SphereCLR's and PyTorch's features of 4 random inputs. */
    private double largestDifference(FrozenEncoder encoder, Path export, boolean torchvisionsOwn)
            throws Exception {
        int side = encoder.manifest().inputSize;
        int n = 4;
        float[] batch = new float[n * 3 * side * side];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextGaussian();
        }
        float[] ours;
        try (NDManager m = encoder.manager().newSubManager()) {
            NDArray x = TensorLayout.CHANNELS_FIRST.create(m, batch, n, side);
            ours = encoder.embed(x).toFloatArray();
        }
        float[] theirs =
                pytorchFeatures(
                        export.resolve(EncoderManifest.SAFETENSORS_FILE),
                        batch,
                        n,
                        side,
                        torchvisionsOwn);
        assertEquals(ours.length, theirs.length);
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
        }
        System.out.println(export + ": largest difference " + worst);
        return worst;
    }

    @Test
    void aTrainedExportAtWidthAQuarterGivesTheSameFeaturesInPyTorch() throws Exception {
        Path export = FixturesAccess.tinyEncoder(tmp);
        try (FrozenEncoder encoder = FrozenEncoder.load(export)) {
            assertTrue(largestDifference(encoder, export, false) < 1e-4);
        }
    }

    @Test
    void torchvisionsOwnModelsLoadWidthOneExportsStrictly() throws Exception {
        for (String spec : List.of("random:resnet18-cifar@1", "random:resnet18-imagenet@1")) {
            Path export = tmp.resolve(spec.replace(':', '-').replace('@', '-'));
            try (FrozenEncoder random = RandomEncoder.of(spec, 5)) {
                EncoderExport.write(random.block(), random.manifest(), export);
            }
            try (FrozenEncoder encoder = FrozenEncoder.load(export)) {
                assertTrue(largestDifference(encoder, export, true) < 1e-3, spec);
            }
        }
    }

    @Test
    void anExportsSafetensorsLoadsAsTheEncoderItCameFrom() throws IOException {
        Path export = FixturesAccess.tinyEncoder(tmp);
        try (FrozenEncoder folder = FrozenEncoder.load(export);
                FrozenEncoder file =
                        FrozenEncoder.load(export.resolve(EncoderManifest.SAFETENSORS_FILE))) {
            assertEquals(folder.manifest().inputSize, file.manifest().inputSize);
            assertTrue(file.id().startsWith("resnet18-cifar@0.25/"), file.id());
            float[] a = folder.embed(FrozenEncoderTest.picture());
            float[] b = file.embed(FrozenEncoderTest.picture());
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5f);
            }
        }
    }

    @Test
    void foreignKeysShapesAndPicklesAreRefusedByName() throws IOException {
        Path export = FixturesAccess.tinyEncoder(tmp);
        Map<String, SafeTensors.Tensor> t =
                new LinkedHashMap<>(
                        SafeTensors.read(export.resolve(EncoderManifest.SAFETENSORS_FILE))
                                .tensors());
        t.remove("layer3.1.bn2.running_var");
        t.put("layer5.0.conv1.weight", SafeTensors.Tensor.of(new long[] {1}, new float[] {0}));
        Path keys = tmp.resolve("keys.safetensors");
        SafeTensors.write(keys, t, Map.of());
        IOException e = assertThrows(IOException.class, () -> FrozenEncoder.load(keys));
        assertEquals(
                keys
                        + " does not hold a resnet18 (cifar stem, width 0.25) under torchvision's"
                        + " names: missing 1 (layer3.1.bn2.running_var); unexpected 1"
                        + " (layer5.0.conv1.weight)",
                e.getMessage());

        Map<String, SafeTensors.Tensor> wrapped = new LinkedHashMap<>();
        SafeTensors.read(export.resolve(EncoderManifest.SAFETENSORS_FILE))
                .tensors()
                .forEach((k, v) -> wrapped.put("module.backbone." + k, v));
        wrapped.put(
                "module.fc.weight", SafeTensors.Tensor.of(new long[] {10, 128}, new float[1280]));
        wrapped.put(
                "module.backbone.layer1.0.conv1.weight",
                SafeTensors.Tensor.of(new long[] {16, 16, 1, 1}, new float[256]));
        Path shapes = tmp.resolve("shapes.safetensors");
        SafeTensors.write(shapes, wrapped, Map.of());
        e = assertThrows(IOException.class, () -> FrozenEncoder.load(shapes));
        assertEquals(
                shapes
                        + ": layer1.0.conv1.weight has shape [16, 16, 1, 1], a resnet18 at width"
                        + " 0.25 expects [16, 16, 3, 3]",
                e.getMessage());

        Path pickle = Files.writeString(tmp.resolve("resnet50.pth"), "PK");
        e = assertThrows(IOException.class, () -> FrozenEncoder.load(pickle));
        assertTrue(
                e.getMessage().startsWith("--encoder " + pickle + ": a pickled PyTorch file"),
                e.getMessage());
        assertTrue(e.getMessage().contains("save_file("), e.getMessage());
    }

    @Test
    void torchvisionsResnet50WithItsOwnWeightsGivesItsOwnFeatures() throws Exception {
        Path weights = tmp.resolve("resnet50.safetensors");
        Path input = tmp.resolve("input.safetensors");
        float[] batch = new float[2 * 3 * 64 * 64];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextGaussian();
        }
        Map<String, SafeTensors.Tensor> in = new LinkedHashMap<>();
        in.put("x", SafeTensors.Tensor.of(new long[] {2, 3, 64, 64}, batch));
        SafeTensors.write(input, in, Map.of());
        Path output = tmp.resolve("features.f32");
        // torchvision's resnet50 as PyTorch initializes it, batch-norm statistics randomized,
        // saved with its fc under torchvision's names, as a user would save it.
        String script =
                String.join(
                        "\n",
                        "import sys, struct, json, torch, torchvision",
                        "sys.path.insert(0, sys.argv[1])",
                        "import sphereclr_encoder as s",
                        "torch.manual_seed(0)",
                        "m = torchvision.models.resnet50()",
                        "for mod in m.modules():",
                        "    if isinstance(mod, torch.nn.BatchNorm2d):",
                        "        mod.running_mean.uniform_(-0.5, 0.5); mod.running_var.uniform_(0.5, 2)",
                        "        mod.weight.data.uniform_(0.5, 1.5); mod.bias.data.uniform_(-0.5, 0.5)",
                        "m.eval()",
                        "sd = m.state_dict()",
                        "names = list(sd)",
                        "header, off, blobs = {}, 0, []",
                        "for k in names:",
                        "    v = sd[k].contiguous()",
                        "    dt = 'I64' if v.dtype == torch.int64 else 'F32'",
                        "    b = v.numpy().astype('<i8' if dt == 'I64' else '<f4').tobytes()",
                        "    header[k] = {'dtype': dt, 'shape': list(v.shape), 'data_offsets': [off, off + len(b)]}",
                        "    off += len(b); blobs.append(b)",
                        "h = json.dumps(header).encode()",
                        "open(sys.argv[2], 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))",
                        "m.fc = torch.nn.Identity()",
                        "x, _ = s.read(sys.argv[3])",
                        "with torch.no_grad():",
                        "    m(x['x']).numpy().astype('<f4').tofile(sys.argv[4])");
        run(script, weights.toString(), input.toString(), output.toString());
        float[] theirs = floats(output);
        try (FrozenEncoder encoder =
                        FrozenEncoder.load(
                                weights,
                                new dev.sphereclr.encoder.SafetensorsEncoder.Options(
                                        64, null, null));
                NDManager m = encoder.manager().newSubManager()) {
            assertEquals("resnet50", encoder.manifest().architecture);
            assertEquals("imagenet", encoder.manifest().stem);
            float[] ours =
                    encoder.embed(TensorLayout.CHANNELS_FIRST.create(m, batch, 2, 64))
                            .toFloatArray();
            assertEquals(theirs.length, ours.length);
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
                scale = Math.max(scale, Math.abs(theirs[i]));
            }
            System.out.println(
                    "torchvision resnet50: largest difference "
                            + worst
                            + " of values up to "
                            + scale);
            assertTrue(worst < 1e-4 * Math.max(1, scale), worst + " against " + scale);
        }
    }

    @Test
    void evalScoresASafetensorsEncoderAsTheExportItCameFrom() throws IOException {
        Path export = FixturesAccess.tinyEncoder(tmp);
        Path images = FixturesAccess.twoClassFolder(tmp, 12);
        EvalReport[] reports = new EvalReport[2];
        String[] encoders = {
            export.toString(), export.resolve(EncoderManifest.SAFETENSORS_FILE).toString()
        };
        for (int i = 0; i < 2; i++) {
            LinearEvaluation.Settings s = new LinearEvaluation.Settings();
            s.encoder = encoders[i];
            s.dataset = Datasets.Kind.FOLDER;
            s.data = images;
            s.cache = tmp.resolve("cache-" + i);
            s.out = tmp.resolve("eval-" + i);
            s.knnK = 5;
            s.expectedArchitecture = i == 1 ? "resnet18" : null;
            reports[i] = LinearEvaluation.run(s);
        }
        assertEquals(reports[0].knnTop1, reports[1].knnTop1);
        assertEquals(reports[0].top1, reports[1].top1);

        LinearEvaluation.Settings wrong = new LinearEvaluation.Settings();
        wrong.encoder = encoders[1];
        wrong.expectedArchitecture = "resnet50";
        IOException e = assertThrows(IOException.class, () -> LinearEvaluation.openEncoder(wrong));
        assertEquals(
                "--encoder "
                        + encoders[1]
                        + " holds a resnet18 with a cifar stem, not what --arch and --stem say",
                e.getMessage());
    }

    @Test
    void theHeadLeavesAsTheSequentialPyTorchBuildsAndLoadsStrictly() throws Exception {
        Path export = FixturesAccess.tinyEncoder(tmp);
        Map<String, SafeTensors.Tensor> head =
                SafeTensors.read(export.resolve("head.safetensors")).tensors();
        assertEquals(
                List.of(
                        "projector.0.weight",
                        "projector.1.weight",
                        "projector.1.bias",
                        "projector.1.running_mean",
                        "projector.1.running_var",
                        "projector.1.num_batches_tracked",
                        "projector.3.weight",
                        "projector.3.bias"),
                List.copyOf(head.keySet()),
                "Linear without bias, BatchNorm1d, ReLU, Linear");
        String console =
                run(
                        String.join(
                                "\n",
                                "import sys, torch",
                                "sys.path.insert(0, sys.argv[1])",
                                "import sphereclr_encoder as s",
                                "t, _ = s.read(sys.argv[2])",
                                "h, i = t['projector.0.weight'].shape",
                                "o = t['projector.3.weight'].shape[0]",
                                "head = torch.nn.Sequential(torch.nn.Linear(i, h, bias=False),"
                                        + " torch.nn.BatchNorm1d(h), torch.nn.ReLU(),"
                                        + " torch.nn.Linear(h, o))",
                                "print(head.load_state_dict({k[len('projector.'):]: v for k, v"
                                        + " in t.items()}, strict=True))"),
                        export.resolve("head.safetensors").toString());
        assertTrue(console.contains("<All keys matched successfully>"), console);
    }

    @Test
    void aTracedTorchScriptModuleIsAnEncoderToo() throws Exception {
        Path module = tmp.resolve("resnet18-traced.pt");
        Path input = tmp.resolve("ts-input.safetensors");
        float[] batch = new float[2 * 3 * 64 * 64];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextGaussian();
        }
        Map<String, SafeTensors.Tensor> in = new LinkedHashMap<>();
        in.put("x", SafeTensors.Tensor.of(new long[] {2, 3, 64, 64}, batch));
        SafeTensors.write(input, in, Map.of());
        Path output = tmp.resolve("ts-features.f32");
        run(
                String.join(
                        "\n",
                        "import sys, torch, torchvision",
                        "sys.path.insert(0, sys.argv[1])",
                        "import sphereclr_encoder as s",
                        "torch.manual_seed(1)",
                        "m = torchvision.models.resnet18()",
                        "m.fc = torch.nn.Identity()",
                        "m.eval()",
                        "traced = torch.jit.trace(m, torch.zeros(1, 3, 64, 64))",
                        "traced.save(sys.argv[2])",
                        "x, _ = s.read(sys.argv[3])",
                        "with torch.no_grad():",
                        "    m(x['x']).numpy().astype('<f4').tofile(sys.argv[4])"),
                module.toString(),
                input.toString(),
                output.toString());
        float[] theirs = floats(output);
        LinearEvaluation.Settings s = new LinearEvaluation.Settings();
        s.encoder = module.toString();
        s.foreign = new dev.sphereclr.encoder.SafetensorsEncoder.Options(64, null, null);
        try (FrozenEncoder encoder = LinearEvaluation.openEncoder(s);
                NDManager m = encoder.manager().newSubManager()) {
            assertEquals(512, encoder.featureSize());
            assertTrue(encoder.id().startsWith("torchscript/"), encoder.id());
            float[] ours =
                    encoder.embed(TensorLayout.CHANNELS_FIRST.create(m, batch, 2, 64))
                            .toFloatArray();
            assertEquals(theirs.length, ours.length);
            for (int i = 0; i < ours.length; i++) {
                assertEquals(theirs[i], ours[i], 1e-4f * Math.max(1, Math.abs(theirs[i])));
            }
        }
    }
}

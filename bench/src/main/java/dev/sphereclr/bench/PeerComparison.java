package dev.sphereclr.bench;

import dev.sphereclr.bench.peer.SideBySide;
import dev.sphereclr.runtime.NativeAllocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench compare}: every figure of ours against the PyTorch peer, each in a fresh process,
 * alternating, over rounds, in one run.
 */
final class PeerComparison {

    private PeerComparison() {}

    /**
     * One figure: the same mode and options on both sides, each with its own {@code --data} (ours
     * takes the dataset root, the peer its {@code train/} folder), or none when null.
     */
    private static SideBySide.Figure figure(
            String name, String ourData, String peerData, String... args) {
        List<String> ours =
                withData(args, ourData).stream().map(a -> OUR_NAMES.getOrDefault(a, a)).toList();
        return new SideBySide.Figure(name, ours, withData(args, peerData));
    }

    /** The peer script's option names that ours spell as {@code pretrain} does. */
    private static final Map<String, String> OUR_NAMES =
            Map.of("--batch", "--batch-size", "--size", "--image-size");

    private static List<String> withData(String[] args, String data) {
        List<String> all = new ArrayList<>(List.of(args));
        if (data != null) {
            all.addAll(List.of("--data", data));
        }
        return all;
    }

    /** Every figure, ours against the peer, alternating, in one run. */
    static int run(BenchCommand o) throws Exception {
        if (o.config.data.path == null) {
            System.err.println(
                    "bench compare needs --data (CIFAR-10 as an image folder with train/)");
            return 2;
        }
        var peerScript = SideBySide.findPeer(o.peer);
        if (peerScript.isEmpty()) {
            System.err.println(
                    "no peer ("
                            + o.peer
                            + " with /usr/bin/python3 and torch): measuring our side alone");
        }
        String b = Integer.toString(o.config.budget.batchSize);
        String s = Integer.toString(o.steps);
        String w = Integer.toString(o.warmup);
        String train = Path.of(o.config.data.path).resolve("train").toString();
        var figures = new ArrayList<SideBySide.Figure>();
        figures.add(
                figure(
                        "train-step 32px",
                        null,
                        null,
                        "step",
                        "--batch",
                        b,
                        "--steps",
                        s,
                        "--warmup",
                        w));
        SideBySide.Figure e2e =
                figure(
                        "e2e 32px",
                        o.config.data.path,
                        train,
                        "e2e",
                        "--batch",
                        b,
                        "--steps",
                        s,
                        "--warmup",
                        w,
                        "--workers",
                        "1");
        // Ours also times its random-input step afterwards in the same process: the loader's cost
        // is then read without the spread between processes.
        var ownStep = new ArrayList<>(e2e.ours());
        ownStep.add("--then-step");
        figures.add(new SideBySide.Figure(e2e.name(), ownStep, e2e.peer()));
        figures.add(
                figure(
                        "embed 32px",
                        null,
                        null,
                        "embed",
                        "--batch",
                        b,
                        "--steps",
                        s,
                        "--warmup",
                        w));
        figures.add(
                figure(
                        "augment 32px",
                        o.config.data.path,
                        train,
                        "augment",
                        "--size",
                        "32",
                        "--views",
                        Integer.toString(o.views)));
        if (o.imagenetData != null) {
            String itrain = Path.of(o.imagenetData).resolve("train").toString();
            figures.add(
                    figure(
                            "augment 224px",
                            o.imagenetData,
                            itrain,
                            "augment",
                            "--size",
                            "224",
                            "--views",
                            "500"));
        }
        var runner = new SideBySide(BenchMain.class, peerScript, o.config.run.threads);
        var measured = runner.run(figures, o.rounds);
        System.out.println(
                "allocator "
                        + NativeAllocator.describe()
                        + ", threads "
                        + o.config.run.threads
                        + ", rounds "
                        + o.rounds);
        measured.forEach(m -> System.out.println(SideBySide.format(m)));
        runner.write(measured, o.out);
        System.out.println("written to " + o.out);
        return 0;
    }
}

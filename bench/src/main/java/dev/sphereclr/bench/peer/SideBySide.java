package dev.sphereclr.bench.peer;

import com.google.common.math.Quantiles;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.watch.ProcessStats;
import dev.sphereclr.runtime.NativeAllocator;
import dev.sphereclr.runtime.Relauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our figures against the PyTorch peer's ({@code shared/bench/peer_simclr.py}), measured in one
 * run: for each round, each figure is measured by our side and then by the peer, each in a fresh
 * process under the same allocator and thread count. Reports the medians over rounds and their
 * ratio.
 */
public final class SideBySide {

    private static final Pattern RATE = Pattern.compile("(?:views|images)/s\\([^)]*\\)=([0-9.]+)");
    private static final Pattern RSS = Pattern.compile("peakRSS_MB=([0-9]+)");
    private static final Pattern OF_OWN_STEP = Pattern.compile("of_own_step=([0-9.]+)");

    /**
     * One figure: the arguments of our bench command and of the peer script.
     *
     * @param name the figure's name
     * @param ours arguments of {@code bench}
     * @param peer arguments of {@code peer_simclr.py}
     */
    public record Figure(String name, List<String> ours, List<String> peer) {}

    /**
     * A measured figure.
     *
     * @param name the figure
     * @param ours our median rate
     * @param peer the peer's median rate (NaN without a peer)
     * @param ratio ours / peer
     * @param oursPeakRssMb our largest peak RSS
     * @param peerPeakRssMb the peer's largest peak RSS (-1 where it reports none)
     * @param oursRuns every round's rate, ours
     * @param peerRuns every round's rate, the peer's
     * @param ofOwnStep median over rounds of our rate as a fraction of our random-input step timed
     *     in the same process (NaN unless our command reports it: {@code e2e --then-step})
     * @param ofOwnStepRuns every round's fraction, ours
     */
    public record Measured(
            String name,
            double ours,
            double peer,
            double ratio,
            long oursPeakRssMb,
            long peerPeakRssMb,
            double[] oursRuns,
            double[] peerRuns,
            double ofOwnStep,
            double[] ofOwnStepRuns) {}

    private final Class<?> ourMain;
    private final Optional<Path> peerScript;
    private final int threads;
    private final Map<String, String> env = new LinkedHashMap<>();

    /**
     * @param ourMain the program our figures run in a fresh JVM each
     * @param peerScript the peer script, or empty to measure our side alone
     * @param threads compute threads of both sides
     */
    public SideBySide(Class<?> ourMain, Optional<Path> peerScript, int threads) {
        this.ourMain = ourMain;
        this.peerScript = peerScript;
        this.threads = threads;
        NativeAllocator.find()
                .ifPresent(
                        lib -> {
                            env.put("LD_PRELOAD", lib.toString());
                            env.put("MALLOC_CONF", NativeAllocator.JEMALLOC_CONF);
                        });
        env.put("SPHERECLR_RELAUNCHED", "1");
    }

    /** Finds {@code /usr/bin/python3} with torch and the script, or nothing. */
    public static Optional<Path> findPeer(Path script) {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python) || !Files.isRegularFile(script)) {
            return Optional.empty();
        }
        try {
            Process p =
                    new ProcessBuilder(python.toString(), "-c", "import torch, torchvision")
                            .start();
            return p.waitFor() == 0 ? Optional.of(script) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Measures every figure {@code rounds} times, alternating sides. */
    public List<Measured> run(List<Figure> figures, int rounds)
            throws IOException, InterruptedException {
        Map<String, List<double[]>> ours = new LinkedHashMap<>();
        Map<String, List<double[]>> peer = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Figure f : figures) {
                ours.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(runOurs(f.ours()));
                if (peerScript.isPresent()) {
                    peer.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(runPeer(f.peer()));
                }
            }
        }
        List<Measured> out = new ArrayList<>();
        for (Figure f : figures) {
            double[] o = ours.get(f.name()).stream().mapToDouble(r -> r[0]).toArray();
            long oRss = ours.get(f.name()).stream().mapToLong(r -> (long) r[1]).max().orElse(-1);
            double[] p =
                    peer.containsKey(f.name())
                            ? peer.get(f.name()).stream().mapToDouble(r -> r[0]).toArray()
                            : new double[0];
            long pRss =
                    peer.containsKey(f.name())
                            ? peer.get(f.name()).stream()
                                    .mapToLong(r -> (long) r[1])
                                    .max()
                                    .orElse(-1)
                            : -1;
            double[] own = ours.get(f.name()).stream().mapToDouble(r -> r[2]).toArray();
            double om = median(o);
            double pm = p.length == 0 ? Double.NaN : median(p);
            out.add(new Measured(f.name(), om, pm, om / pm, oRss, pRss, o, p, median(own), own));
        }
        return out;
    }

    /** Writes the figures and the conditions they were measured under. */
    public void write(List<Measured> figures, Path json) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("allocator", env.getOrDefault("LD_PRELOAD", "system malloc"));
        doc.put("threads", threads);
        doc.put("peer", peerScript.map(Path::toString).orElse("none"));
        doc.put("versions", ProcessStats.versions());
        doc.put("figures", figures);
        Json.write(json, doc);
    }

    /** One line per figure: our median, the peer's, the ratio. */
    public static String format(Measured m) {
        String line =
                String.format(
                        Locale.ROOT,
                        "%-22s ours %9.1f   peer %9.1f   ratio %5.2fx   peak RSS MB ours %5d peer"
                                + " %5d",
                        m.name(),
                        m.ours(),
                        m.peer(),
                        m.ratio(),
                        m.oursPeakRssMb(),
                        m.peerPeakRssMb());
        return Double.isNaN(m.ofOwnStep())
                ? line
                : line
                        + String.format(
                                Locale.ROOT,
                                "   %.2fx of our step in the same process",
                                m.ofOwnStep());
    }

    private double[] runOurs(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The options every SphereCLR command's child JVM gets (see Relauncher).
        cmd.addAll(Relauncher.childJvmOptions());
        cmd.add("-Dai.djl.offline=true");
        cmd.add(EngineThreads.jvmOption(threads));
        cmd.add("-cp");
        try {
            cmd.add(Relauncher.classPath(ourMain));
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        cmd.add(ourMain.getName());
        cmd.addAll(args);
        cmd.add("--threads");
        cmd.add(Integer.toString(threads));
        return parse(execute(cmd), "ours " + args);
    }

    private double[] runPeer(List<String> args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("/usr/bin/python3", peerScript.orElseThrow().toString()));
        cmd.addAll(args);
        cmd.add("--threads");
        cmd.add(Integer.toString(threads));
        return parse(execute(cmd), "peer " + args);
    }

    private String execute(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().putAll(env);
        Process p = b.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    out.append(line).append('\n');
                }
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException(
                    "benchmark command failed (exit " + code + "): " + String.join(" ", cmd));
        }
        return out.toString();
    }

    static double[] parse(String output, String what) throws IOException {
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IOException(what + " printed no RESULT line with a rate: " + output);
        }
        Matcher rss = RSS.matcher(output);
        Matcher own = OF_OWN_STEP.matcher(output);
        return new double[] {
            Double.parseDouble(rate.group(1)),
            rss.find() ? Double.parseDouble(rss.group(1)) : -1,
            own.find() ? Double.parseDouble(own.group(1)) : Double.NaN
        };
    }

    private static double median(double[] v) {
        return Quantiles.median().compute(v);
    }
}

package dev.sphereclr.bench.spark;

import dev.sphereclr.augment.data.ImageFolder;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.FrozenEncoder;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.runtime.Logging;
import dev.sphereclr.spark.EmbedJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One arm of {@code bench-spark}, in its own JVM: {@code plain THREADS} embeds with one {@link
 * FrozenEncoder} (list, read, decode, embed in batches) on that many libtorch threads; {@code
 * local[N]} runs {@link EmbedJob} in Spark's local mode. Both time from the listing to the last
 * embedding, loading the encoder included, and print {@code ARM images seconds}.
 */
public final class SparkBenchArm {

    private SparkBenchArm() {}

    /** {@code ARM ENCODER DATA OUT BATCH}. */
    public static void main(String[] args) throws Exception {
        // As the command line logs: Spark's DEBUG lines would cost the arm its speed.
        Logging.configure(false);
        String arm = args[0];
        Path encoder = Path.of(args[1]);
        Path data = Path.of(args[2]);
        Path out = Path.of(args[3]);
        int batch = Integer.parseInt(args[4]);
        long[] images = new long[1];
        double seconds;
        if (arm.startsWith("plain")) {
            EngineThreads.set(Integer.parseInt(arm.substring("plain".length()).trim()));
            long t0 = System.nanoTime();
            images[0] = plain(encoder, data, batch);
            seconds = (System.nanoTime() - t0) / 1e9;
        } else {
            long s0 = System.nanoTime();
            SparkSession spark =
                    SparkSession.builder()
                            .master(arm)
                            .appName("bench-spark")
                            .config("spark.ui.enabled", "false")
                            .getOrCreate();
            System.out.printf(
                    Locale.ROOT, "SESSION %s %.2f%n", arm, (System.nanoTime() - s0) / 1e9);
            EmbedJob.Result r =
                    EmbedJob.run(
                            spark,
                            new EmbedJob.Settings(
                                    encoder.toString(),
                                    data.toString(),
                                    out.toString(),
                                    false,
                                    batch,
                                    0));
            spark.stop();
            images[0] = r.images();
            seconds = r.seconds();
        }
        System.out.printf(Locale.ROOT, "ARM %s %d %.3f%n", arm, images[0], seconds);
    }

    private static long plain(Path encoderFolder, Path data, int batch) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(data)) {
            files = all.filter(ImageFolder::isImage).sorted().toList();
        }
        try (FrozenEncoder encoder = FrozenEncoder.load(encoderFolder)) {
            List<RgbImage> pending = new ArrayList<>(batch);
            for (Path f : files) {
                pending.add(ImageDecoder.decode(f));
                if (pending.size() == batch) {
                    encoder.embed(pending);
                    pending.clear();
                }
            }
            if (!pending.isEmpty()) {
                encoder.embed(pending);
            }
        }
        return files.size();
    }
}

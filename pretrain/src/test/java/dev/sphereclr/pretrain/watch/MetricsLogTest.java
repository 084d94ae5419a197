package dev.sphereclr.pretrain.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sphereclr.pretrain.method.LossParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir Path tmp;

    @Test
    void theSecRunsHeaderIsTheOneEveryEarlierRunWrote() {
        assertEquals(
                "step,epoch,lr,loss,contrastive,sec,sec_weight,norm_mean,norm_var,views_per_s,"
                        + "data_wait_ms,knn_top1",
                MetricsRow.header(List.of("sec")));
    }

    @Test
    void eachRegularizerGetsColumnsNamedFromItWithoutTouchingTheLog() throws IOException {
        Path file = tmp.resolve("metrics.csv");
        List<String> names = List.of("sec", "toy");
        try (MetricsLog log = MetricsLog.open(file, 0, names)) {
            log.afterStep(
                    event(1, Map.of("sec", 2.5, "toy", 0.25), Map.of("sec", 0.1, "toy", 1.0)));
        }
        assertEquals(
                "step,epoch,lr,loss,contrastive,sec,sec_weight,toy,toy_weight,norm_mean,norm_var,"
                        + "views_per_s,data_wait_ms,knn_top1",
                Files.readAllLines(file).get(0));
        MetricsRow row = MetricsRow.readAll(file).get(0);
        assertEquals(2.5, row.penalty("sec"));
        assertEquals(0.25, row.penalty("toy"));
        assertEquals(1.0, row.weight("toy"));
        assertEquals(4.0 + 0.1 * 2.5 + 0.25, row.loss(), 1e-6);
        // Resumed, the rows up to the checkpoint stay as written.
        try (MetricsLog log = MetricsLog.open(file, 1, names)) {
            log.afterStep(event(2, Map.of("sec", 2.0, "toy", 0.5), Map.of("sec", 0.1, "toy", 1.0)));
        }
        assertEquals(
                List.of(1L, 2L), MetricsRow.readAll(file).stream().map(MetricsRow::step).toList());
    }

    @Test
    void aHeaderWithoutItsWeightColumnIsNotAMetricsFile() throws IOException {
        Path file = tmp.resolve("metrics.csv");
        Files.writeString(
                file,
                "step,epoch,lr,loss,contrastive,sec,norm_mean,norm_var,views_per_s,data_wait_ms,"
                        + "knn_top1\n");
        assertThrows(IOException.class, () -> MetricsRow.readAll(file));
    }

    private static StepEvent event(
            long step, Map<String, Double> penalties, Map<String, Double> weights) {
        var ordered = new LinkedHashMap<String, Double>();
        List.of("sec", "toy").forEach(n -> ordered.put(n, penalties.get(n)));
        var values = new LossParts.Values(4.0, ordered, new LinkedHashMap<>(weights), 1.0, 0.01);
        return new StepEvent(step, 1, false, 1, 0.5, 0.1, values, 100.0, 1.0);
    }
}

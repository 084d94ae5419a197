package dev.sphereclr.pretrain.watch;

import ai.djl.ndarray.NDManager;
import dev.sphereclr.pretrain.knn.KnnMonitor;
import dev.sphereclr.pretrain.nn.SslModel;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kNN monitor at the end of every {@code every}-th epoch, on the encoder being trained. */
public final class KnnCheck implements StepListener {

    private static final Logger LOG = LoggerFactory.getLogger(KnnCheck.class);

    private final KnnMonitor monitor;
    private final int every;
    private final SslModel model;
    private final NDManager manager;
    private long measuredAt = -1;
    private double top1 = Double.NaN;

    public KnnCheck(KnnMonitor monitor, int every, SslModel model, NDManager manager) {
        this.monitor = monitor;
        this.every = every;
        this.model = model;
        this.manager = manager;
    }

    /**
     * Whether the monitor runs after a step that ends its epoch or not, before {@code nextEpoch}.
     */
    public boolean due(boolean epochEnd, int nextEpoch) {
        return epochEnd && nextEpoch % every == 0;
    }

    @Override
    public void afterStep(StepEvent e) throws IOException {
        if (due(e.epochEnd(), e.nextEpoch()) && (e.values() == null || e.values().finite())) {
            top1 = monitor.evaluate(model.encoder(), manager);
            measuredAt = e.step();
            LOG.info(
                    "epoch {}: kNN top-1 {}",
                    e.nextEpoch(),
                    String.format(Locale.ROOT, "%.4f", top1));
        }
    }

    /** The top-1 measured after {@code step}, or NaN when the monitor did not run then. */
    public double top1At(long step) {
        return step == measuredAt ? top1 : Double.NaN;
    }
}

package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.pretrain.config.ResolutionSchedule;
import dev.sphereclr.pretrain.watch.StepEvent;
import dev.sphereclr.pretrain.watch.StepListener;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows a {@link ResolutionSchedule}: gives the data source views of the size due next. */
final class ResolutionSwitch implements StepListener {

    private static final Logger LOG = LoggerFactory.getLogger(ResolutionSwitch.class);

    private final ResolutionSchedule schedule;
    private final BatchSource source;
    private final IntFunction<MultiViewTransform> views;
    private int current = -1;

    /**
     * @param views the run's views at a given size
     */
    ResolutionSwitch(
            ResolutionSchedule schedule,
            BatchSource source,
            IntFunction<MultiViewTransform> views) {
        this.schedule = schedule;
        this.source = source;
        this.views = views;
    }

    /** Sets the size due at {@code progress}, if it is not the size already set. */
    void apply(long step, double progress) {
        int size = schedule.sizeAt(progress);
        if (size != current) {
            source.setTransform(views.apply(size));
            LOG.info("views of {} px from step {}", size, step + 1);
            current = size;
        }
    }

    @Override
    public void afterStep(StepEvent e) {
        apply(e.step(), e.progress());
    }
}

package dev.cdn.api.schedule;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A background job that runs one pass at a fixed interval while the application runs: passes never overlap, and a
 * failed pass is logged and the next one runs as planned.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

    private final String what;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile Disposable schedule;

    /** @param what names the job in the log, e.g. "edge event log compaction" */
    protected PeriodicJob(String what, Duration initialDelay, Duration interval) {
        this.what = what;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One pass. */
    protected abstract Mono<?> runOnce();

    @Override
    public void start() {
        // A pass that outlasts the interval drops the ticks meanwhile (without the drop the interval fails with an
        // overflow, ending the schedule and cancelling the pass in flight).
        schedule = Flux.interval(initialDelay, interval)
                .onBackpressureDrop()
                .concatMap(t -> runOnce().onErrorResume(e -> {
                    log.warn("{} failed: {}", what, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable s = schedule;
        if (s != null) {
            s.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable s = schedule;
        return s != null && !s.isDisposed();
    }
}

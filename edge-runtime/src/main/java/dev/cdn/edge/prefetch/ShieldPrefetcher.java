package dev.cdn.edge.prefetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * Predictive prefetch at the shield: every client GET teaches {@link CoOccurrence} what follows what, and when an
 * object is requested, the objects likely to follow it are fetched into the shield ahead of the client, within the
 * service's {@link PrefetchBudget}. Nothing here waits: learning is a few map updates, and a prefetch is a
 * subscription to a non-blocking fetch through the shield's own listener (so it takes the normal path: coalescing,
 * admission, storage), started after the client's request finished.
 *
 * <p>Prefetches carry {@link #MARKER}; a request with it is neither learnt from nor a trigger, so prefetches never
 * cascade.
 */
public final class ShieldPrefetcher {

    /** The request field that marks a shield's own prefetch. */
    public static final String MARKER = "X-CDN-Prefetch";
    /** Prefetches in flight on one node at most. */
    static final int MAX_IN_FLIGHT = 32;

    /** Fetches {@code pathAndQuery} of {@code authority} as {@code scheme}; emits the body bytes, errors on failure. */
    @FunctionalInterface
    public interface Fetch {
        Mono<Long> get(String scheme, String authority, String pathAndQuery);
    }

    private final PrefetchSettings settings;
    private final CoOccurrence learner;
    private final PrefetchBudget budget;
    private final Fetch fetch;
    private final BiConsumer<String, PrefetchOutcome> recorder;
    private final Cache<String, Boolean> recent;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ShieldPrefetcher(PrefetchSettings settings, LongSupplier nanos, Fetch fetch,
                            BiConsumer<String, PrefetchOutcome> recorder) {
        this.settings = settings;
        this.learner = new CoOccurrence(settings, nanos);
        this.budget = new PrefetchBudget(settings, nanos);
        this.fetch = fetch;
        this.recorder = recorder;
        this.recent = Caffeine.newBuilder().maximumSize(settings.maxObjects())
                .expireAfterWrite(settings.sessionWindow()).ticker(nanos::getAsLong).executor(Runnable::run).build();
    }

    /**
     * A client's GET of {@code pathAndQuery} on {@code authority} of the service finished with {@code status}.
     * Learns from it and prefetches what likely follows. {@code client} identifies the end user (the first
     * X-Forwarded-For address an edge set, else the peer).
     */
    public void requested(String serviceId, String client, String scheme, String authority, String pathAndQuery,
                          int status) {
        if (status < 200 || status >= 400) {
            return;
        }
        String key = serviceId + ' ' + scheme + ' ' + authority + ' ' + pathAndQuery;
        learner.observe(serviceId + ' ' + client, key);
        if (!settings.enabled()) {
            return;
        }
        List<String> next = learner.predict(key);
        for (String predicted : next) {
            String[] parts = predicted.split(" ", 4);
            prefetch(serviceId, parts[1], parts[2], parts[3], predicted);
        }
    }

    private void prefetch(String serviceId, String scheme, String authority, String pathAndQuery, String key) {
        if (recent.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            recorder.accept(serviceId, PrefetchOutcome.RECENT);
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            recent.invalidate(key);
            recorder.accept(serviceId, PrefetchOutcome.BUSY);
            return;
        }
        if (!budget.tryStart(serviceId)) {
            inFlight.decrementAndGet();
            recent.invalidate(key);
            recorder.accept(serviceId, PrefetchOutcome.NO_BUDGET);
            return;
        }
        fetch.get(scheme, authority, pathAndQuery)
                .doFinally(signal -> inFlight.decrementAndGet())
                .subscribe(bytes -> {
                    budget.charge(serviceId, bytes);
                    recorder.accept(serviceId, PrefetchOutcome.FETCHED);
                }, error -> recorder.accept(serviceId, PrefetchOutcome.FAILED));
    }

    /** The learner, for its gauges. */
    public CoOccurrence learner() {
        return learner;
    }
}

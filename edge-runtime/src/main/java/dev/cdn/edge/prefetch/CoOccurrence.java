package dev.cdn.edge.prefetch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Learns which objects tend to follow which: first-order co-occurrence within a client's session window, the
 * simplest of the access-pattern predictors of the prefetching literature (Padmanabhan and Mogul, "Using
 * Predictive Prefetching to Improve World Wide Web Latency", 1996: a dependency graph of "B requested within w of
 * A by the same client"). Memory is bounded three ways: {@code maxClients} sessions of at most
 * {@link #SESSION_DEPTH} recent keys, {@code maxObjects} objects with successors (Caffeine, W-TinyLFU: the
 * frequently requested objects stay), and {@code successors} successors per object. Keys longer than
 * {@link #MAX_KEY_CHARS} are not learnt.
 *
 * <p>Caffeine runs its maintenance on the calling thread (no pool, as for hit-for-miss marks); time comes from the
 * injected nanosecond source.
 */
public final class CoOccurrence {

    /** Recent requests remembered per client: the predecessors a new request is counted as following. */
    static final int SESSION_DEPTH = 4;
    static final int MAX_KEY_CHARS = 1024;

    private final PrefetchSettings settings;
    private final long windowNanos;
    private final LongSupplier nanos;
    private final Cache<String, Session> sessions;
    private final Cache<String, Successors> graph;

    public CoOccurrence(PrefetchSettings settings, LongSupplier nanos) {
        this.settings = settings;
        this.windowNanos = settings.sessionWindow().toNanos();
        this.nanos = nanos;
        this.sessions = Caffeine.newBuilder().maximumSize(settings.maxClients())
                .expireAfterAccess(settings.sessionWindow()).ticker(nanos::getAsLong).executor(Runnable::run).build();
        this.graph = Caffeine.newBuilder().maximumSize(settings.maxObjects())
                .ticker(nanos::getAsLong).executor(Runnable::run).build();
    }

    /** {@code client} requested {@code key}: it follows what the same client requested within the window. */
    public void observe(String client, String key) {
        if (key.length() > MAX_KEY_CHARS) {
            return;
        }
        long now = nanos.getAsLong();
        List<String> before = sessions.get(client, c -> new Session()).record(key, now, windowNanos);
        graph.get(key, k -> new Successors(settings.successors())).seen();
        for (String predecessor : before) {
            Successors s = graph.getIfPresent(predecessor);
            if (s != null) {
                s.followedBy(key);
            }
        }
    }

    /** The objects likely to be requested next after {@code key}, likeliest first. */
    public List<String> predict(String key) {
        Successors s = graph.getIfPresent(key);
        return s == null ? List.of()
                : s.likely(settings.minCount(), settings.minConfidence(), settings.maxPredictions());
    }

    /** Sessions and objects held now (after pending evictions), for the memory bound's test and the gauges. */
    public long clients() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    public long objects() {
        graph.cleanUp();
        return graph.estimatedSize();
    }

    /** One client's recent requests, newest last, at most {@link #SESSION_DEPTH}. */
    private static final class Session {
        private final String[] keys = new String[SESSION_DEPTH];
        private final long[] times = new long[SESSION_DEPTH];
        private int next;

        /** Records {@code key} and answers the distinct other keys requested within the window before it. */
        synchronized List<String> record(String key, long now, long window) {
            List<String> before = new java.util.ArrayList<>(SESSION_DEPTH);
            for (int i = 0; i < SESSION_DEPTH; i++) {
                String k = keys[i];
                if (k != null && !k.equals(key) && now - times[i] <= window && !before.contains(k)) {
                    before.add(k);
                }
            }
            keys[next] = key;
            times[next] = now;
            next = (next + 1) % SESSION_DEPTH;
            return before;
        }
    }
}

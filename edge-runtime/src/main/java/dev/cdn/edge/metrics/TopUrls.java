package dev.cdn.edge.metrics;

import dev.cdn.edge.metrics.TrafficStats.UrlCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most requested paths of one service since the last drain, in bounded memory: the Space-Saving algorithm
 * (Metwally, Agrawal, El Abbadi, "Efficient Computation of Frequent and Top-k Elements in Data Streams", ICDT 2005).
 * At most {@code capacity} paths are tracked; a new path takes the place of the least counted one and inherits its
 * count as its possible error. Any path requested more than {@code total / capacity} times is tracked for sure.
 *
 * <p>Reported counts are the guaranteed part ({@code count - error}), so that summing reports over minutes and
 * nodes never overstates a path. Paths only (no query: it may carry tokens, and it would split one page into many
 * entries), cut to {@link #MAX_PATH_CHARS}.
 *
 * <p>Methods are synchronized: the critical section is a map lookup and an add, and a scan of {@code capacity}
 * entries only when an untracked path replaces the least counted one; never a wait for I/O.
 */
final class TopUrls {

    static final int MAX_PATH_CHARS = 512;

    private static final class Entry {
        final String url;
        long count;
        long error;
        long bytes;

        Entry(String url, long count, long error) {
            this.url = url;
            this.count = count;
            this.error = error;
        }
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    TopUrls(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new HashMap<>(capacity * 2);
    }

    synchronized void record(String path, long bytes) {
        add(path.length() > MAX_PATH_CHARS ? path.substring(0, MAX_PATH_CHARS) : path, 1, Math.max(0, bytes));
    }

    private void add(String url, long count, long bytes) {
        Entry e = entries.get(url);
        if (e == null) {
            if (entries.size() < capacity) {
                e = new Entry(url, 0, 0);
            } else {
                Entry least = null;
                for (Entry x : entries.values()) {
                    if (least == null || x.count < least.count) {
                        least = x;
                    }
                }
                entries.remove(least.url);
                e = new Entry(url, least.count, least.count);
            }
            entries.put(url, e);
        }
        e.count += count;
        e.bytes += bytes;
    }

    /** The {@code n} most requested paths (guaranteed counts, largest first), then starts again from nothing. */
    synchronized List<UrlCount> drain(int n) {
        List<UrlCount> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            long sure = e.count - e.error;
            if (sure > 0) {
                out.add(new UrlCount(e.url, sure, e.bytes));
            }
        }
        entries.clear();
        out.sort(Comparator.comparingLong(UrlCount::requests).reversed().thenComparing(UrlCount::url));
        return out.size() > n ? List.copyOf(out.subList(0, n)) : List.copyOf(out);
    }

    /** Puts back counts that could not be delivered. */
    synchronized void restore(List<UrlCount> counts) {
        for (UrlCount c : counts) {
            add(c.url(), c.requests(), c.bytes());
        }
    }

    synchronized int tracked() {
        return entries.size();
    }
}

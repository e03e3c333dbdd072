package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** A service's traffic as a time series of equal buckets of {@code step} seconds; empty buckets are zeros. */
public record StatsSeries(Instant from, Instant to, int step, List<Point> points) {

    public StatsSeries {
        points = ApiModels.list(points);
    }

    /** The counters of one bucket starting at {@code t}. */
    public record Point(Instant t, long requests, long hits, long misses, long stale, long bypass, double hitRatio,
            double originOffload, long bytesToClients, long bytesFromOrigin, long originFetches, long errors,
            long status2xx, long status3xx, long status4xx, long status5xx) {
    }
}

package dev.cdn.portal.analytics;

import java.util.List;

import dev.cdn.portal.api.StatsSeries;

/**
 * Headline numbers of a time series: total requests, hit ratio and bytes served. The ratios are recomputed from
 * the summed counters (the API's definitions), never averaged across buckets, which would weigh a quiet
 * minute like a busy one.
 */
public record TrafficSummary(long requests, long hits, long misses, long stale, long bytesToClients,
        long bytesFromOrigin, long errors) {

    public static final TrafficSummary EMPTY = new TrafficSummary(0, 0, 0, 0, 0, 0, 0);

    public static TrafficSummary of(List<StatsSeries.Point> points) {
        long requests = 0, hits = 0, misses = 0, stale = 0, toClients = 0, fromOrigin = 0, errors = 0;
        for (StatsSeries.Point p : points) {
            requests += p.requests();
            hits += p.hits();
            misses += p.misses();
            stale += p.stale();
            toClients += p.bytesToClients();
            fromOrigin += p.bytesFromOrigin();
            errors += p.errors();
        }
        return new TrafficSummary(requests, hits, misses, stale, toClients, fromOrigin, errors);
    }

    /** (hits + stale) / (hits + misses + stale); 0 when nothing was looked up. */
    public double hitRatio() {
        long lookups = hits + misses + stale;
        return lookups == 0 ? 0 : (double) (hits + stale) / lookups;
    }

    /** 1 - bytesFromOrigin / bytesToClients; 0 when nothing was served. */
    public double originOffload() {
        return bytesToClients == 0 ? 0 : Math.max(0, 1 - (double) bytesFromOrigin / bytesToClients);
    }

    public boolean isEmpty() {
        return requests == 0;
    }
}

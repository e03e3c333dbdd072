package dev.cdn.portal.analytics;

import java.util.List;

import dev.cdn.portal.api.StatsSeries;

/**
 * Headline numbers of a time series: total requests, hit ratio, bytes served and responses by status class. The
 * ratios are recomputed from the summed counters (the API's definitions), never averaged across buckets, which
 * would weigh a quiet minute like a busy one.
 */
public record TrafficSummary(long requests, long hits, long misses, long stale, long bytesToClients,
        long bytesFromOrigin, long errors, long status2xx, long status3xx, long status4xx, long status5xx) {

    public static final TrafficSummary EMPTY = new TrafficSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static TrafficSummary of(List<StatsSeries.Point> points) {
        long requests = 0, hits = 0, misses = 0, stale = 0, toClients = 0, fromOrigin = 0, errors = 0;
        long s2 = 0, s3 = 0, s4 = 0, s5 = 0;
        for (StatsSeries.Point p : points) {
            requests += p.requests();
            hits += p.hits();
            misses += p.misses();
            stale += p.stale();
            toClients += p.bytesToClients();
            fromOrigin += p.bytesFromOrigin();
            errors += p.errors();
            s2 += p.status2xx();
            s3 += p.status3xx();
            s4 += p.status4xx();
            s5 += p.status5xx();
        }
        return new TrafficSummary(requests, hits, misses, stale, toClients, fromOrigin, errors, s2, s3, s4, s5);
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

    /** The share of requests answered with a 5xx (the design's error rate: healthy below 0.1 %, critical above 1 %). */
    public double errorRate() {
        return requests == 0 ? 0 : (double) status5xx / requests;
    }

    /** The share of requests answered with a 4xx. */
    public double clientErrorRate() {
        return requests == 0 ? 0 : (double) status4xx / requests;
    }

    /** How the error rate reads against the design's thresholds: {@code ok}, {@code warning} (0.1 %) or {@code critical} (1 %). */
    public String errorLevel() {
        double rate = errorRate();
        return rate > 0.01 ? "critical" : rate > 0.001 ? "warning" : "ok";
    }

    public boolean isEmpty() {
        return requests == 0;
    }
}

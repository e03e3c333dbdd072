package dev.cdn.config;

import java.util.List;

/**
 * A rate limit a service's edges enforce: a token bucket per client address (or per value of a request header)
 * that refills at {@code requestsPerSecond} and holds at most {@code burst} requests. Counted by each edge on its
 * own, so a client spread over several edges gets up to the limit at each (docs/edge-logic.md).
 *
 * @param name              names the limit in Cache-Status, metrics and logs; an identifier
 * @param paths             path globs the limit counts; empty means every path
 * @param by                what a bucket belongs to: the client address (IPv6 by its /64) or a header's value
 * @param header            the header whose value keys the buckets, when {@code by} is {@link RateLimitKey#HEADER}
 * @param requestsPerSecond the sustained rate, 1 to {@value #MAX_RATE}
 * @param burst             how many requests may arrive at once after a quiet spell, 1 to {@value #MAX_BURST};
 *                          defaults to {@code requestsPerSecond}
 */
public record RateLimit(String name, List<String> paths, RateLimitKey by, String header, int requestsPerSecond,
                        Integer burst) {

    public static final int MAX_RATE = 100_000;
    public static final int MAX_BURST = 100_000;
    /** Limits per service: each costs every request a bucket lookup. */
    public static final int MAX_LIMITS = 8;

    public RateLimit {
        paths = paths == null ? List.of() : List.copyOf(paths);
        by = by == null ? RateLimitKey.ADDRESS : by;
        burst = burst == null ? Integer.valueOf(requestsPerSecond) : burst;
    }
}

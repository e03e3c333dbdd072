package dev.cdn.edge.protect;

import dev.cdn.config.RateLimit;
import dev.cdn.config.RateLimitKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * One rate limit of one service, compiled: which paths it counts, what a bucket belongs to, and the token
 * bucket's rate and capacity, kept as the generic cell rate algorithm (GCRA, ITU-T I.371). GCRA is a token bucket
 * of capacity {@code burst} refilled at {@code requestsPerSecond}, stored as one number per client: the bucket's
 * "theoretical arrival time" (TAT). A request at time t passes when TAT - t is at most (burst - 1) intervals and
 * moves TAT one interval on. The buckets themselves live in the edge's {@link RateLimitStore}.
 */
final class RateLimiter {

    static final int MAX_HEADER_KEY = 128;

    private final String serviceId;
    private final RateLimit limit;
    private final PathScope paths;
    private final long intervalMicros;
    private final long toleranceMicros;

    RateLimiter(String serviceId, RateLimit limit) {
        this.serviceId = serviceId;
        this.limit = limit;
        this.paths = new PathScope(limit.paths());
        this.intervalMicros = Math.max(1, 1_000_000L / limit.requestsPerSecond());
        this.toleranceMicros = (limit.burst() - 1L) * intervalMicros;
    }

    String name() {
        return limit.name();
    }

    /** Takes one token from the request's bucket: 0 when it had one (or the limit does not count this path), else
     * the microseconds until it will have one. */
    long acquire(ProtectedRequest r, RateLimitStore store) {
        if (!paths.covers(r.path())) {
            return 0;
        }
        RateLimitStore.Bucket tat = store.bucket(serviceId + "\n" + limit.name() + "\n" + key(r),
                toleranceMicros + intervalMicros);
        long now = r.nowMillis() * 1000;
        while (true) {
            long current = tat.get();
            long start = Math.max(current, now);
            long ahead = start - now;
            if (ahead > toleranceMicros) {
                return ahead - toleranceMicros;
            }
            if (tat.compareAndSet(current, start + intervalMicros)) {
                return 0;
            }
        }
    }


    private String key(ProtectedRequest r) {
        if (limit.by() == RateLimitKey.HEADER) {
            String v = r.headers().get(limit.header());
            return v == null ? "" : v.length() > MAX_HEADER_KEY ? v.substring(0, MAX_HEADER_KEY) : v;
        }
        return addressKey(r.client());
    }

    /** IPv4 as is; IPv6 by its /64, since one subscriber usually holds a whole /64 and could rotate within it. */
    static String addressKey(InetAddress a) {
        if (a == null) {
            return "";
        }
        if (a instanceof Inet6Address) {
            return HexFormat.of().formatHex(a.getAddress(), 0, 8) + "::/64";
        }
        return a.getHostAddress();
    }
}

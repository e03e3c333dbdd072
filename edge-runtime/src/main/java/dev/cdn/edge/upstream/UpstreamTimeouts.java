package dev.cdn.edge.upstream;

import java.time.Duration;

/**
 * The edge's bounds on one upstream hop, so a hung upstream fails a request in seconds rather than holding it:
 * <ul>
 *   <li>{@code connect}: establishing the TCP (and TLS) connection;</li>
 *   <li>{@code firstByte}: from sending the request to the response headers;</li>
 *   <li>{@code idle}: silence between two reads of the response body;</li>
 *   <li>{@code staleIfErrorFirstByte}: the first-byte bound of a request that holds a stale copy it may serve on
 *       error (RFC 5861 section 4): the client is better served by that copy now than by a fresh one later.</li>
 * </ul>
 * An origin's own {@code connectTimeoutMs}/{@code readTimeoutMs} apply when shorter: these are the node's caps.
 */
public record UpstreamTimeouts(Duration connect, Duration firstByte, Duration idle, Duration staleIfErrorFirstByte) {

    /** 3 s to connect, 10 s to the first byte, 10 s between body reads, 1.5 s when a stale copy is at hand. */
    public static final UpstreamTimeouts DEFAULTS = new UpstreamTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofMillis(1500));

    public UpstreamTimeouts {
        positive("connect", connect);
        positive("firstByte", firstByte);
        positive("idle", idle);
        positive("staleIfErrorFirstByte", staleIfErrorFirstByte);
    }

    public UpstreamTimeouts withConnect(Duration d) {
        return new UpstreamTimeouts(d, firstByte, idle, staleIfErrorFirstByte);
    }

    public UpstreamTimeouts withFirstByte(Duration d) {
        return new UpstreamTimeouts(connect, d, idle, staleIfErrorFirstByte);
    }

    public UpstreamTimeouts withIdle(Duration d) {
        return new UpstreamTimeouts(connect, firstByte, d, staleIfErrorFirstByte);
    }

    public UpstreamTimeouts withStaleIfErrorFirstByte(Duration d) {
        return new UpstreamTimeouts(connect, firstByte, idle, d);
    }

    /** The connect bound towards {@code target}: its own, capped by this node's. */
    public int connectMs(UpstreamTarget target) {
        return (int) Math.min(target.connectTimeoutMs(), connect.toMillis());
    }

    /**
     * The first-byte bound towards {@code target}; {@code staleAtHand}: the request may serve a stale copy on error.
     * A shield needs time to connect to the origin and wait its own first-byte bound before it can answer (even with
     * its own 504), so the hop to a shield gets that much: only a shield that is itself frozen or unreachable makes
     * the edge give up first, and then its passive health marks it down.
     */
    public Duration firstByte(UpstreamTarget target, boolean staleAtHand) {
        long ms = Math.min(target.readTimeoutMs(), firstByte.toMillis());
        if (target.shield()) {
            ms += connectMs(target);
        }
        return Duration.ofMillis(staleAtHand ? Math.min(ms, staleIfErrorFirstByte.toMillis()) : ms);
    }

    private static void positive(String setting, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("upstream timeout " + setting + " must be positive, got " + d);
        }
        if (d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("upstream timeout " + setting + " must be at most 10 minutes, got " + d);
        }
    }
}

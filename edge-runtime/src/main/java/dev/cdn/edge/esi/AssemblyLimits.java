package dev.cdn.edge.esi;

import java.time.Duration;

/**
 * Bounds on assembling one page.
 *
 * @param maxDepth deepest include nesting: the page is depth 0, its fragments 1, theirs 2 (default 3)
 * @param maxIncludes includes one page (with its nested fragments' own pages counted separately) may start
 * @param includeTimeout how long one fragment fetch may take before it counts as failed
 * @param maxOutputBytes the assembled page is cut at this many bytes
 * @param streamAfter how long the response headers wait for every include to settle; past it the page streams
 *                    (each part as soon as it and everything before it is ready) with a browser TTL of 0
 * @param maxFragmentBytes the largest fragment body included; a larger one fails its include
 * @param totalTimeout how long all of one page's includes may take together; an include still running then fails
 */
public record AssemblyLimits(int maxDepth, int maxIncludes, Duration includeTimeout, long maxOutputBytes,
                             Duration streamAfter, long maxFragmentBytes, Duration totalTimeout) {

    /** How long one page's includes may take together by default. */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(30);

    /** How long headers wait for the includes by default: fragments from the cache settle well within it. */
    public static final Duration DEFAULT_STREAM_AFTER = Duration.ofMillis(50);

    /** Depth 3, 32 includes, 5 s per include, 8 MiB per page, streaming after 50 ms. */
    public static final AssemblyLimits DEFAULT = new AssemblyLimits(3, 32, Duration.ofSeconds(5), 8L << 20);

    /** Limits that stream after {@link #DEFAULT_STREAM_AFTER}. */
    public AssemblyLimits(int maxDepth, int maxIncludes, Duration includeTimeout, long maxOutputBytes) {
        this(maxDepth, maxIncludes, includeTimeout, maxOutputBytes, DEFAULT_STREAM_AFTER);
    }

    /** Limits whose fragments may be as large as the page, and whose includes take at most 30 s together. */
    public AssemblyLimits(int maxDepth, int maxIncludes, Duration includeTimeout, long maxOutputBytes,
                          Duration streamAfter) {
        this(maxDepth, maxIncludes, includeTimeout, maxOutputBytes, streamAfter, maxOutputBytes,
                DEFAULT_TOTAL_TIMEOUT);
    }

    /**
     * These limits tightened by a service's own settings (a null field keeps the node's): a service can lower the
     * node's bounds, never raise them.
     */
    public AssemblyLimits tightenedBy(dev.cdn.config.EsiSettings service) {
        return new AssemblyLimits(
                service.maxDepth() == null ? maxDepth : Math.min(maxDepth, service.maxDepth()),
                service.maxIncludes() == null ? maxIncludes : Math.min(maxIncludes, service.maxIncludes()),
                service.includeTimeoutMs() == null ? includeTimeout
                        : min(includeTimeout, Duration.ofMillis(service.includeTimeoutMs())),
                maxOutputBytes, streamAfter,
                service.maxFragmentBytes() == null ? maxFragmentBytes
                        : Math.min(maxFragmentBytes, service.maxFragmentBytes()),
                service.totalTimeoutMs() == null ? totalTimeout
                        : min(totalTimeout, Duration.ofMillis(service.totalTimeoutMs())));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public AssemblyLimits {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxIncludes < 0) {
            throw new IllegalArgumentException("maxIncludes must not be negative, was " + maxIncludes);
        }
        if (includeTimeout == null || includeTimeout.isNegative() || includeTimeout.isZero()) {
            throw new IllegalArgumentException("includeTimeout must be positive, was " + includeTimeout);
        }
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes must be positive, was " + maxOutputBytes);
        }
        if (streamAfter == null || streamAfter.isNegative()) {
            throw new IllegalArgumentException("streamAfter must not be negative, was " + streamAfter);
        }
        if (maxFragmentBytes < 1) {
            throw new IllegalArgumentException("maxFragmentBytes must be positive, was " + maxFragmentBytes);
        }
        if (totalTimeout == null || totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("totalTimeout must be positive, was " + totalTimeout);
        }
    }
}

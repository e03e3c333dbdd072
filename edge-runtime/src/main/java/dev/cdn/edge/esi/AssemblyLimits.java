package dev.cdn.edge.esi;

import java.time.Duration;

/**
 * Bounds on assembling one page.
 *
 * @param maxDepth deepest include nesting: the page is depth 0, its fragments 1, theirs 2 (default 3)
 * @param maxIncludes includes one page (with its nested fragments' own pages counted separately) may start
 * @param includeTimeout how long one fragment fetch may take before it counts as failed
 * @param maxOutputBytes the assembled page is cut at this many bytes
 */
public record AssemblyLimits(int maxDepth, int maxIncludes, Duration includeTimeout, long maxOutputBytes) {

    /** Depth 3, 32 includes, 5 s per include, 8 MiB per page. */
    public static final AssemblyLimits DEFAULT = new AssemblyLimits(3, 32, Duration.ofSeconds(5), 8L << 20);

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
    }
}

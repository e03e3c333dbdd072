package dev.cdn.edge.esi;

/**
 * Bounds on what the parser reads, so that hostile or broken markup costs bounded time and memory.
 *
 * @param maxTagChars longest start tag read, attributes included; a longer one is malformed and dropped
 * @param maxDepth deepest nesting of ESI container elements; deeper start tags are dropped (their content stays)
 */
public record ParseLimits(int maxTagChars, int maxDepth) {

    /** 16 KiB tags and 64 levels: far beyond real pages, far below what could hurt. */
    public static final ParseLimits DEFAULT = new ParseLimits(16 * 1024, 64);

    public ParseLimits {
        if (maxTagChars < 16) {
            throw new IllegalArgumentException("maxTagChars must be at least 16, was " + maxTagChars);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
    }
}

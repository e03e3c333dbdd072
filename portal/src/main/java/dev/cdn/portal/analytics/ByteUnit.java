package dev.cdn.portal.analytics;

/** A decimal byte unit for a chart axis (powers of 1000, as network traffic is billed, like {@code @fmt.bytes}). */
enum ByteUnit {
    B(1), KB(1e3), MB(1e6), GB(1e9), TB(1e12), PB(1e15);

    private final double size;

    ByteUnit(double size) {
        this.size = size;
    }

    /** The largest unit in which {@code peak} is at least 1, so the axis shows 1 to 999 rather than 0.00x. */
    static ByteUnit forPeak(long peak) {
        ByteUnit chosen = B;
        for (ByteUnit u : values()) {
            if (peak >= u.size) {
                chosen = u;
            }
        }
        return chosen;
    }

    String symbol() {
        return name();
    }

    /** {@code bytes} in this unit, to three significant decimals. */
    double scale(long bytes) {
        return Math.round(bytes / size * 1000) / 1000.0;
    }
}

package dev.cdn.edge.upstream;

import java.util.Locale;

/** What an edge does with a shielded service's miss while its shield is marked down by passive health. */
public enum ShieldDownPolicy {
    /** Fetch from the service's origins directly until the shield answers again. */
    ORIGIN,
    /** Answer 504 at once (or a stale copy within stale-if-error): origins that only admit the shield stay shielded. */
    FAIL;

    /** Parses the {@code --shield-down} flag value. */
    public static ShieldDownPolicy parse(String value) {
        for (ShieldDownPolicy p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--shield-down must be origin or fail, got '" + value + "'");
    }
}

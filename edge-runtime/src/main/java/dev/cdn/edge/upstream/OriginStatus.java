package dev.cdn.edge.upstream;

import java.util.Locale;

/** What an edge knows of an origin's health; the same value feeds the gauge, the report and the API. */
public enum OriginStatus {
    /** Answering: its last active checks passed, or traffic reached it and it did not fail. */
    HEALTHY,
    /** Skipped while a healthy origin of its pool is left: checks failed, or traffic ejected it. */
    UNHEALTHY,
    /** Neither checked nor used yet, or back on probation after an ejection; still used. */
    UNKNOWN;

    /** The lower-case name used on the wire and in metric tags. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

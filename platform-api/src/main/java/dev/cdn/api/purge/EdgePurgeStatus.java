package dev.cdn.api.purge;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where one registered edge stands with one purge. */
enum EdgePurgeStatus {
    /** Acknowledged as applied, or the edge applied a later event (edges apply events in order). */
    APPLIED,
    /** Acknowledged as failed: the edge could not apply it (an unreadable value). */
    FAILED,
    /** Reachable (stream open, heard from within 30 s) and not applied yet. */
    PENDING,
    /** Not reachable and not applied: it still holds whatever it cached, and applies the purge when it is back. */
    UNREACHABLE;

    /** From the edge's ack (null when none), whether it applied a later event, and whether it is reachable. */
    static EdgePurgeStatus of(String ack, boolean appliedLater, boolean reachable) {
        if (ack != null) {
            return valueOf(ack.toUpperCase(Locale.ROOT));
        }
        if (appliedLater) {
            return APPLIED;
        }
        return reachable ? PENDING : UNREACHABLE;
    }

    @JsonValue
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.cdn.api.purge;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * A purge's progress across every registered edge: complete only when each has applied it, since an edge that is
 * down when the purge is issued still holds the purged objects and would serve them once back before it replays.
 */
enum PurgeStatus {
    /** No edge registered yet, or some reachable edge has not applied it yet. */
    PENDING,
    /** Every reachable edge applied it; some unreachable edge has not (listed with its last-seen time). */
    PARTIAL,
    /** Every registered edge applied it. */
    COMPLETE,
    /** Some edge could not apply it. */
    FAILED;

    static PurgeStatus of(List<EdgePurgeStatus> edges) {
        if (edges.contains(EdgePurgeStatus.FAILED)) {
            return FAILED;
        }
        if (edges.isEmpty() || edges.contains(EdgePurgeStatus.PENDING)) {
            return PENDING;
        }
        return edges.contains(EdgePurgeStatus.UNREACHABLE) ? PARTIAL : COMPLETE;
    }

    @JsonValue
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

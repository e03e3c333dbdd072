package dev.cdn.api.purge;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A purge and its progress across edges.
 *
 * @param completedAt when the last edge acknowledged it; null until every registered edge has applied it
 */
record PurgeView(UUID id, UUID serviceId, String kind, List<String> values, boolean soft, long seq,
                 Instant createdAt, PurgeStatus status, Instant completedAt, List<EdgeStatus> edges) {

    /** @param lastSeenAt when the edge was last heard from (stream opened, heartbeat answered, acks posted) */
    record EdgeStatus(String nodeId, String role, EdgePurgeStatus status, Instant ackedAt, String error,
                      Instant lastSeenAt) {
    }
}

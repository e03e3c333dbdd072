package dev.cdn.api.purge;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A purge and its progress across edges.
 *
 * @param completedAt when the last connected edge acknowledged it; null while any is pending
 */
record PurgeView(UUID id, UUID serviceId, String kind, List<String> values, boolean soft, long seq,
                 Instant createdAt, String status, Instant completedAt, List<EdgeStatus> edges) {

    record EdgeStatus(String nodeId, String role, String status, Instant ackedAt, String error) {
    }
}

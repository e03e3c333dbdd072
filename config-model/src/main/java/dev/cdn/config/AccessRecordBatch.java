package dev.cdn.config;

import java.util.List;

/**
 * What an edge posts to {@code POST /v1/edge/logs}: a batch of {@link AccessRecord}s, and how many records it
 * dropped since its last batch that got through (its buffer was full, or a post failed), so the control plane can
 * tell tenants their stream has gaps.
 */
public record AccessRecordBatch(String nodeId, List<AccessRecord> records, long dropped) {

    public AccessRecordBatch {
        records = records == null ? List.of() : List.copyOf(records);
    }
}

package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The body of {@code POST /v1/edge/stats}, sent every few seconds: the node's role, counters per service and
 * minute, and the health of the origins it uses (those that changed, and every origin now and then). Absent lists
 * read as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatsReport(String nodeId, NodeRole role, List<ServiceCounters> services,
                          List<OriginHealthReport> origins) {

    public StatsReport {
        services = services == null ? List.of() : services;
        origins = origins == null ? List.of() : origins;
    }
}

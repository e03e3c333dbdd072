package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One origin of one service as a node sees it: its status {@code since} when, the last active check, and the last
 * error with its time (absent when there was none).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OriginHealthReport(String serviceId, String origin, OriginHealthStatus status, Instant since,
                                 Instant checkedAt, String lastError, Instant lastErrorAt) {
}

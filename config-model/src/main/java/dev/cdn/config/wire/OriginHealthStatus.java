package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a node reports of one origin's health. */
public enum OriginHealthStatus {
    /** Its last active checks passed, or traffic reached it and it did not fail. */
    @JsonProperty("healthy") HEALTHY,
    /** Checks failed, or traffic ejected it: skipped while a healthy origin of its pool is left. */
    @JsonProperty("unhealthy") UNHEALTHY,
    /** Neither checked nor used yet, or back on probation after an ejection. */
    @JsonProperty("unknown") UNKNOWN;

    /** The lower-case name on the wire and in the control plane's table. */
    public String wireName() {
        return switch (this) {
            case HEALTHY -> "healthy";
            case UNHEALTHY -> "unhealthy";
            case UNKNOWN -> "unknown";
        };
    }
}

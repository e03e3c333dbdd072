package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a node did with one control-channel event. */
public enum AckStatus {
    /** The event took effect (a config serves, a purge removed what it names, a warming order finished). */
    @JsonProperty("applied") APPLIED,
    /** The event was refused or failed; the ack's {@code error} says why (for a config, the last good one stays). */
    @JsonProperty("failed") FAILED;

    /** The lower-case name on the wire and in the control plane's table. */
    public String wireName() {
        return this == APPLIED ? "applied" : "failed";
    }
}

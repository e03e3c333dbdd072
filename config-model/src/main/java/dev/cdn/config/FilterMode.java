package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a request filter does with a request it matches. */
public enum FilterMode {
    /** Refuse it. */
    @JsonProperty("block") BLOCK,
    /** Count it, log it, and let it through: to see what blocking would refuse before turning it on. */
    @JsonProperty("log") LOG
}

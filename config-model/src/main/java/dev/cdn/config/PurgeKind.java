package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a purge selects. */
public enum PurgeKind {
    /** Every variant of each listed URL. */
    @JsonProperty("url") URL,
    /** Every object carrying one of the listed surrogate keys. */
    @JsonProperty("tag") TAG,
    /** Every object whose URL starts with one of the listed prefixes. */
    @JsonProperty("prefix") PREFIX,
    /** Every object of the service. */
    @JsonProperty("all") ALL
}

package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a rule treats the query string when building the cache key. */
public enum QueryMode {
    /** Keep every parameter, sorted by name so that order does not fragment the cache. */
    @JsonProperty("all") ALL,
    /** Keep only the parameters named in the rule's list (globs allowed). */
    @JsonProperty("whitelist") WHITELIST,
    /** Keep every parameter except those named in the rule's list (globs such as {@code utm_*}). */
    @JsonProperty("blacklist") BLACKLIST,
    /** Drop the query string from the key entirely. */
    @JsonProperty("ignore") IGNORE
}

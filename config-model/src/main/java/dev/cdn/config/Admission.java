package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which admission policy decides whether a fetched object enters the RAM tier. */
public enum Admission {
    /** Admit everything; eviction is least-recently-used. */
    @JsonProperty("lru") LRU,
    /** W-TinyLFU: admit when the candidate is estimated more popular than the victim. */
    @JsonProperty("tinylfu") TINYLFU,
    /** Like TinyLFU, but larger objects need more requests to be admitted. */
    @JsonProperty("size-aware") SIZE_AWARE
}

package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a {@link HeaderAction} does. */
public enum HeaderOp {
    @JsonProperty("set") SET,
    @JsonProperty("append") APPEND,
    @JsonProperty("remove") REMOVE
}

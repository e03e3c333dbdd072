package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a {@link RequestAttribute} is read from. */
public enum AttributeSource {
    @JsonProperty("header") HEADER,
    @JsonProperty("cookie") COOKIE,
    @JsonProperty("query") QUERY,
    @JsonProperty("client-address") CLIENT_ADDRESS
}

package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an experiment keeps a client on the same variant. */
public enum Stickiness {
    /** The edge draws a bucket for a new client and keeps it in a cookie it sets. */
    @JsonProperty("cookie") COOKIE,
    /** The bucket is a hash of a request attribute (a user-id header or cookie, a query parameter, the address). */
    @JsonProperty("attribute") ATTRIBUTE
}

package dev.cdn.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a rate limit's buckets belong to. */
public enum RateLimitKey {
    /** The client's address: an IPv4 address, or the /64 an IPv6 address lies in (one subscriber's usual share). */
    @JsonProperty("address") ADDRESS,
    /** The value of a request header (an API key, a session id); requests without it share one bucket. */
    @JsonProperty("header") HEADER
}

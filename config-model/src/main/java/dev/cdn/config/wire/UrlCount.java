package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One of a service's most requested paths in a stats report: requests and body bytes counted for it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UrlCount(String url, long requests, long bytes) {
}

package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

/** A service's most requested paths over a range, largest first, as the edges reported them (lower bounds). */
public record TopUrls(Instant from, Instant to, List<Url> urls) {

    public TopUrls {
        urls = ApiModels.list(urls);
    }

    /** One path: requests and body bytes counted for it. */
    public record Url(String url, long requests, long bytes) {
    }
}

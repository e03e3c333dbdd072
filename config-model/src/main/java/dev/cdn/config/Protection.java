package dev.cdn.config;

import java.util.List;

/**
 * How a service's edges protect its origin: signed URLs, rate limits, address and country lists and request
 * filters. Each part is null or empty when the service does not use it; {@link #NONE} uses none.
 *
 * @param signedUrls requests must carry a token signed with one of the service's keys (docs/edge-logic.md)
 * @param rateLimits token buckets per client address or header value, each counted by every edge on its own
 * @param access     address (CIDR) and country allow and deny lists
 * @param filters    request size limits, a method allow-list, traversal and injection signatures
 */
public record Protection(SignedUrls signedUrls, List<RateLimit> rateLimits, AccessLists access,
                         RequestFilters filters) {

    public static final Protection NONE = new Protection(null, null, null, null);

    public Protection {
        rateLimits = rateLimits == null ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rateLimits));
    }

    /** Signed URLs only. */
    public Protection(SignedUrls signedUrls) {
        this(signedUrls, null, null, null);
    }

    /** Signed URLs and rate limits. */
    public Protection(SignedUrls signedUrls, List<RateLimit> rateLimits) {
        this(signedUrls, rateLimits, null, null);
    }

    /** Signed URLs, rate limits and access lists. */
    public Protection(SignedUrls signedUrls, List<RateLimit> rateLimits, AccessLists access) {
        this(signedUrls, rateLimits, access, null);
    }

    /** The same protection with every key's secret removed (what the API shows and the audit log keeps). */
    public Protection redacted() {
        return withSignedUrls(signedUrls == null ? null : signedUrls.redacted());
    }

    /** The same protection with other signed-URL settings. */
    public Protection withSignedUrls(SignedUrls urls) {
        return new Protection(urls, rateLimits, access, filters);
    }
}

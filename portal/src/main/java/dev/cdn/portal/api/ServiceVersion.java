package dev.cdn.portal.api;

import java.time.Instant;

import dev.cdn.config.ServiceConfig;

/**
 * One configuration version with its whole configuration (domains, origins, rules in order, settings).
 * {@code etag} is the API's ETag of this version; forms that change it send it back as {@code If-Match};
 * {@code note} is what changed and why (null: none).
 */
public record ServiceVersion(int number, String state, Instant createdAt, Instant activatedAt, ServiceConfig config,
        String etag, String note) {

    /** A version without a note. */
    public ServiceVersion(int number, String state, Instant createdAt, Instant activatedAt, ServiceConfig config,
            String etag) {
        this(number, state, createdAt, activatedAt, config, etag, null);
    }

    public boolean isDraft() {
        return "draft".equals(state);
    }
}

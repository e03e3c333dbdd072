package dev.cdn.portal.api;

import java.time.Instant;

import dev.cdn.config.ServiceConfig;

/** One configuration version with its whole configuration (domains, origins, rules in order, settings). */
public record ServiceVersion(int number, String state, Instant createdAt, Instant activatedAt, ServiceConfig config) {

    public boolean isDraft() {
        return "draft".equals(state);
    }
}

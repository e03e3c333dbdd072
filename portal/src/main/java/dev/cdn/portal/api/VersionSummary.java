package dev.cdn.portal.api;

import java.time.Instant;

/** One configuration version of a service as listed: {@code state} is {@code draft}, {@code active} or {@code inactive}. */
public record VersionSummary(int number, String state, Instant createdAt, Instant activatedAt, String etag) {

    public boolean isDraft() {
        return "draft".equals(state);
    }

    public boolean isActive() {
        return "active".equals(state);
    }
}

package dev.cdn.portal.api;

import java.time.Instant;

/**
 * One configuration version of a service as listed: {@code state} is {@code draft}, {@code active} or
 * {@code inactive}; {@code note} is what changed and why, as its author wrote it (null: none).
 */
public record VersionSummary(int number, String state, Instant createdAt, Instant activatedAt, String etag,
        String note) {

    /** A version without a note. */
    public VersionSummary(int number, String state, Instant createdAt, Instant activatedAt, String etag) {
        this(number, state, createdAt, activatedAt, etag, null);
    }

    public boolean isDraft() {
        return "draft".equals(state);
    }

    public boolean isActive() {
        return "active".equals(state);
    }
}

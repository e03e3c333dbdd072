package dev.cdn.portal.api;

import java.time.Instant;

/** A user of the tenant with their role ({@code owner}, {@code admin} or {@code member}). */
public record TeamMember(String id, String email, String role, Instant createdAt, String etag) {
}

package dev.cdn.portal.api;

/** A user of a tenant as platform-api describes it; {@code role} is e.g. {@code owner}. */
public record ApiUser(String id, String email, String role) {
}

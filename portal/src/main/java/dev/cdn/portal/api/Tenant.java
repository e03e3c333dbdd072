package dev.cdn.portal.api;

/** A tenant (customer account) as platform-api describes it. */
public record Tenant(String id, String name) {
}

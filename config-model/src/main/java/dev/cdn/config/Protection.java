package dev.cdn.config;

/**
 * How a service's edges protect its origin: signed URLs, rate limits, address and country lists and request
 * filters. Empty for an unprotected service.
 */
public record Protection() {

    public static final Protection NONE = new Protection();
}

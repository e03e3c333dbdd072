package dev.cdn.config;

/**
 * A value read from a request, hashed to assign an experiment's variant.
 *
 * @param source where the value comes from
 * @param name   the header, cookie or query-parameter name; unused for {@link AttributeSource#CLIENT_ADDRESS}
 */
public record RequestAttribute(AttributeSource source, String name) {
}

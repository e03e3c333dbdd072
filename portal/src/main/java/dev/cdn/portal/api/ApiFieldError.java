package dev.cdn.portal.api;

/** One invalid request field named in a problem's {@code errors} extension member. */
public record ApiFieldError(String field, String message) {
}

package dev.cdn.api.error;

/** One rejected input field in a problem body: {@code {"field":"domains[0]","message":"..."}}. */
public record FieldError(String field, String message) {
}

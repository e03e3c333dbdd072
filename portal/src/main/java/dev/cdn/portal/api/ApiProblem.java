package dev.cdn.portal.api;

import java.util.List;

/**
 * An RFC 9457 problem detail as platform-api sends it, with its {@code errors} extension for field errors.
 */
public record ApiProblem(String type, String title, int status, String detail, List<ApiFieldError> errors) {

    public ApiProblem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** Stands in for a problem body that was missing or unreadable, so callers always get one. */
    static ApiProblem ofStatus(int status) {
        return new ApiProblem("about:blank", "HTTP " + status, status, null, List.of());
    }
}

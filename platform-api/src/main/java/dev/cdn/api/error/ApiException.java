package dev.cdn.api.error;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The control plane's one error type. Everything a handler refuses is thrown as this and turned into an
 * RFC 9457 problem body in one place ({@link ProblemHandler}).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 400 listing every bad field. */
    public static ApiException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 404; used as well for anything owned by another tenant, so that existence never leaks. */
    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " does not exist", List.of());
    }

    public static ApiException conflict(String detail, List<FieldError> errors) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, errors);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of());
    }

    /** 429 with the number of seconds after which the client may retry. */
    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        ApiException e = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, List.of());
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    private long retryAfterSeconds = -1;
    private String etag;

    /**
     * 412: an {@code If-Match} named another version of the resource than the current one (RFC 9110 §13.1.1); the
     * answer carries the current {@code ETag} so the client can re-read and retry.
     */
    public static ApiException preconditionFailed(String detail, String currentEtag) {
        ApiException e = new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed", detail,
                List.of(new FieldError("If-Match", "does not match the current ETag " + currentEtag)));
        e.etag = currentEtag;
        return e;
    }

    /** The resource's current ETag, sent with a 412; null otherwise. */
    public String etag() {
        return etag;
    }

    private final HttpHeaders headers = new HttpHeaders();

    /** Adds header fields to the answer (e.g. the RateLimit fields of a 429); returns this exception. */
    public ApiException withHeaders(HttpHeaders more) {
        headers.addAll(more);
        return this;
    }

    public HttpHeaders headers() {
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }

    /** Seconds to wait before retrying, or -1 when not applicable. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}

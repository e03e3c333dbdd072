package dev.cdn.api.error;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;

/** The single place where errors become HTTP status codes and RFC 9457 problem bodies. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        var answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .headers(h -> h.addAll(e.headers()));
        if (e.etag() != null) {
            answer.eTag(e.etag());
        }
        if (e.retryAfterSeconds() >= 0) {
            answer.header("Retry-After", Long.toString(Math.max(1, e.retryAfterSeconds())));
        }
        return answer.body(Problems.of(e));
    }

    /**
     * Malformed JSON, wrong value types, missing bodies: name the field where the parser can tell. A path or query
     * parameter that does not convert (an id that is not a UUID) is named by the parameter.
     */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
        FieldError parameter = RequestParameters.describe(e);
        if (parameter != null) {
            return respond(Problems.of(HttpStatus.BAD_REQUEST, "Malformed request",
                    parameter.field() + ": " + parameter.message(), List.of(parameter)));
        }
        String field = "body";
        String message = e.getReason() == null ? "could not be read" : e.getReason();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException je) {
                String path = je.getPathReference();
                field = path == null || path.isBlank() ? "body" : JsonPaths.simplify(path);
                message = je.getOriginalMessage();
                break;
            }
            if (t instanceof DecodingException de && de.getMessage() != null) {
                message = de.getMessage();
            }
        }
        if (e.getReason() != null && e.getReason().contains("No request body")) {
            message = "a JSON request body is required";
        }
        return respond(Problems.of(HttpStatus.BAD_REQUEST, "Malformed request", field + ": " + message,
                List.of(new FieldError(field, message))));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        status = status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
        return respond(Problems.of(status, status.getReasonPhrase(),
                e.getReason() == null ? status.getReasonPhrase() : e.getReason(), List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> internal(Exception e) {
        if (DatabaseUnavailable.is(e)) {
            // A transient outage, not a bug: the client may retry (DatabaseUnavailableHandler does the same outside
            // controllers).
            log.warn("database unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header("Retry-After", Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                    .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                            "the platform's database cannot be reached; retry later", List.of()));
        }
        log.error("unhandled error", e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request could not be completed; it has been logged", List.of()));
    }

    /**
     * A statement cancelled by {@code statement_timeout} or a lock not granted within {@code lock_timeout}
     * ({@code cdn.db.*}): the request asked for more work than one request may do, or waited on a busy row.
     */
    @ExceptionHandler({QueryTimeoutException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> databaseTimeout(Exception e) {
        log.warn("database statement cut off: {}", e.getMessage());
        return respond(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database timeout",
                "the database did not finish this request within the time one request may take", List.of()));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

package dev.cdn.api.error;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
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
        if (e.retryAfterSeconds() >= 0) {
            return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header("Retry-After", Long.toString(Math.max(1, e.retryAfterSeconds()))).body(Problems.of(e));
        }
        return respond(Problems.of(e));
    }

    /** Malformed JSON, wrong value types, missing bodies: name the field where the parser can tell. */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
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

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

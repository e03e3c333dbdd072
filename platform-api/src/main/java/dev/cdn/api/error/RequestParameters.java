package dev.cdn.api.error;

import java.time.Instant;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebInputException;

/** Names the path or query parameter a request got wrong, in the words a client can act on. */
final class RequestParameters {

    private RequestParameters() {
    }

    /** The parameter {@code e} is about and what it must be, or null when {@code e} concerns the body. */
    static FieldError describe(ServerWebInputException e) {
        MethodParameter parameter = e.getMethodParameter();
        if (parameter == null || parameter.hasParameterAnnotation(RequestBody.class)) {
            return null;
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (path == null && query == null) {
            return null;
        }
        String declared = path != null ? path.name() : query.name();
        String name = declared.isEmpty() ? parameter.getParameterName() : declared;
        String where = path != null ? "path parameter" : "query parameter";
        if (e instanceof MissingRequestValueException) {
            return new FieldError(name, where + " is required");
        }
        return new FieldError(name, where + " must be " + expected(parameter.getNestedParameterType()));
    }

    private static String expected(Class<?> type) {
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Instant.class) {
            return "an RFC 3339 date-time such as 2026-01-31T12:00:00Z";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a valid " + type.getSimpleName();
    }
}

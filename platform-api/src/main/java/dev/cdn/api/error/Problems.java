package dev.cdn.api.error;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem bodies with the platform's conventions (a type URI per status, an errors list). */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://docs.cdn.dev/problems/" + slug(status)));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ProblemDetail of(ApiException e) {
        return of(e.status(), e.title(), e.getMessage(), e.errors());
    }

    private static String slug(HttpStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

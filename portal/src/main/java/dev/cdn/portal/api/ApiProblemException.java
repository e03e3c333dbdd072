package dev.cdn.portal.api;

/** platform-api refused the request as the client's mistake (4xx other than 401), with a problem body. */
public final class ApiProblemException extends PlatformApiException {

    private final int status;
    private final ApiProblem problem;

    ApiProblemException(int status, ApiProblem problem) {
        super("platform-api answered " + status + ": " + problem.title(), null);
        this.status = status;
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }

    /** The HTTP status of the response, which the problem body's own {@code status} member merely repeats. */
    public int status() {
        return status;
    }
}

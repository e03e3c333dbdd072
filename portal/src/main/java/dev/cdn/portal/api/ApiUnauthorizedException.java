package dev.cdn.portal.api;

/**
 * platform-api answered 401: wrong credentials when creating a session, or an expired or revoked token
 * on any other call.
 */
public final class ApiUnauthorizedException extends PlatformApiException {

    private final ApiProblem problem;

    ApiUnauthorizedException(ApiProblem problem) {
        super("platform-api answered 401: " + problem.title(), null);
        this.problem = problem;
    }

    public ApiProblem problem() {
        return problem;
    }
}

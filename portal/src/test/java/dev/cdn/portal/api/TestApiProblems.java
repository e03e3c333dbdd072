package dev.cdn.portal.api;

/** Lets tests of other packages build the exceptions whose constructors are package-private. */
public final class TestApiProblems {

    private TestApiProblems() {
    }

    public static PlatformApiException exception(int status, ApiProblem problem) {
        return status == 401 ? new ApiUnauthorizedException(problem) : new ApiProblemException(status, problem);
    }
}

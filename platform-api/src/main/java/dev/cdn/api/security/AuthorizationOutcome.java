package dev.cdn.api.security;

import org.springframework.http.HttpStatus;

/** Why a request was let through or refused by {@link RouteAuthorization}; each refusal names its status. */
enum AuthorizationOutcome {
    GRANTED(HttpStatus.OK),
    /** No credential (or an unknown one) on a route that needs one. */
    NOT_AUTHENTICATED(HttpStatus.UNAUTHORIZED),
    /** The route is in no rule: refused by default, so a new endpoint is closed until someone decides. */
    NO_RULE(HttpStatus.FORBIDDEN),
    /** A tenant credential on an edge route, an edge credential on a tenant route, and so on. */
    WRONG_AUDIENCE(HttpStatus.FORBIDDEN),
    /** The token's scopes, narrowed by the user's current role, hold none of the route's scopes. */
    MISSING_SCOPE(HttpStatus.FORBIDDEN),
    /** The user's current role is below the route's least role. */
    ROLE_TOO_LOW(HttpStatus.FORBIDDEN),
    /** A token limited to some services called a route about the whole tenant. */
    LIMITED_TO_SERVICES(HttpStatus.FORBIDDEN),
    /** A token limited to some services named another service: 404, so that its existence does not leak. */
    OTHER_SERVICE(HttpStatus.NOT_FOUND);

    private final HttpStatus status;

    AuthorizationOutcome(HttpStatus status) {
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}

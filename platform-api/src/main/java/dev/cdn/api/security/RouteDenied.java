package dev.cdn.api.security;

import org.springframework.security.access.AccessDeniedException;

/** A refusal by {@link RouteAuthorization}, carrying its outcome so the answer gets the outcome's status. */
final class RouteDenied extends AccessDeniedException {

    private final AuthorizationOutcome outcome;

    RouteDenied(AuthorizationOutcome outcome, String detail) {
        super(detail);
        this.outcome = outcome;
    }

    AuthorizationOutcome outcome() {
        return outcome;
    }
}

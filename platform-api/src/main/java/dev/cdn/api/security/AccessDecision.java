package dev.cdn.api.security;

import java.util.Map;
import java.util.UUID;

/** Decides a request against its route's {@link Access}: a pure function of the rule, the caller and the path. */
final class AccessDecision {

    private AccessDecision() {
    }

    /**
     * @param access    the matched route's access, or null when no route matched
     * @param principal the authenticated principal, or null when the request carried no (valid) credential
     * @param variables the path's variables; {@code id} is a service id on {@link ServiceReach#ONE_SERVICE} routes
     */
    static AuthorizationOutcome decide(Access access, Object principal, Map<String, String> variables) {
        if (access == null) {
            return principal == null ? AuthorizationOutcome.NOT_AUTHENTICATED : AuthorizationOutcome.NO_RULE;
        }
        if (access.audience() == Audience.PUBLIC) {
            return AuthorizationOutcome.GRANTED;
        }
        if (principal == null) {
            return AuthorizationOutcome.NOT_AUTHENTICATED;
        }
        return switch (access.audience()) {
            case EDGE -> principal instanceof EdgePrincipal ? AuthorizationOutcome.GRANTED
                    : AuthorizationOutcome.WRONG_AUDIENCE;
            case OPERATOR -> principal instanceof OperatorPrincipal ? AuthorizationOutcome.GRANTED
                    : AuthorizationOutcome.WRONG_AUDIENCE;
            case TENANT -> principal instanceof TenantPrincipal tenant ? tenant(access, tenant, variables)
                    : AuthorizationOutcome.WRONG_AUDIENCE;
            case PUBLIC -> AuthorizationOutcome.GRANTED;
        };
    }

    private static AuthorizationOutcome tenant(Access access, TenantPrincipal caller, Map<String, String> variables) {
        if (!access.anyOf().isEmpty() && access.anyOf().stream().noneMatch(caller.scopes()::contains)) {
            return AuthorizationOutcome.MISSING_SCOPE;
        }
        if (!Role.of(caller.role()).atLeast(access.minRole())) {
            return AuthorizationOutcome.ROLE_TOO_LOW;
        }
        if (caller.serviceIds().isEmpty()) {
            return AuthorizationOutcome.GRANTED;
        }
        return switch (access.reach()) {
            case WHOLE_TENANT -> AuthorizationOutcome.LIMITED_TO_SERVICES;
            case FILTERED -> AuthorizationOutcome.GRANTED;
            case ONE_SERVICE -> {
                UUID service = uuid(variables.get("id"));
                // A malformed id is not a service of anyone's: the handler answers it with a 400 naming the field.
                yield service == null || caller.serviceIds().contains(service) ? AuthorizationOutcome.GRANTED
                        : AuthorizationOutcome.OTHER_SERVICE;
            }
        };
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

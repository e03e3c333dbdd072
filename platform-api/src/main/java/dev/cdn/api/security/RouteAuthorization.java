package dev.cdn.api.security;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * The authorization layer every request goes through: finds the request's row in {@link RouteRules} and
 * decides it with {@link AccessDecision}. The principal it sees was built for this very request from the database
 * (the user's current role), so a demotion or removal takes effect on the next request.
 */
final class RouteAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

    private final RouteRules rules;

    RouteAuthorization(RouteRules rules) {
        this.rules = rules;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerHttpRequest request = context.getExchange().getRequest();
        Optional<RouteRules.Match> match = rules.match(request.getMethod(), request.getPath().pathWithinApplication());
        Access access = match.map(m -> m.route().access()).orElse(null);
        Map<String, String> variables = match.map(RouteRules.Match::variables).orElse(Map.of());
        return authentication.filter(Authentication::isAuthenticated)
                .map(a -> Optional.of(a.getPrincipal()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(principal -> {
                    AuthorizationOutcome outcome = AccessDecision.decide(access, principal.orElse(null), variables);
                    return switch (outcome) {
                        case GRANTED -> Mono.just(new AuthorizationDecision(true));
                        // Refused without a principal: the entry point answers 401 with a WWW-Authenticate.
                        case NOT_AUTHENTICATED -> Mono.just(new AuthorizationDecision(false));
                        default -> Mono.error(new RouteDenied(outcome,
                                detail(outcome, access, principal.orElse(null), request, variables)));
                    };
                });
    }

    private static String detail(AuthorizationOutcome outcome, Access access, Object principal,
                                 ServerHttpRequest request, Map<String, String> variables) {
        String route = request.getMethod() + " " + request.getPath().value();
        return switch (outcome) {
            case NO_RULE -> route + " is not open to any credential";
            case WRONG_AUDIENCE -> "this credential may not call " + route;
            case MISSING_SCOPE -> "this credential lacks the " + scopes(access) + " scope"
                    + (principal instanceof TenantPrincipal t
                    ? " (a credential never carries more than its user's current role allows: "
                      + Role.of(t.role()).wireName() + ")" : "");
            case ROLE_TOO_LOW -> route + " needs the " + access.minRole().wireName() + " role or higher; the user is "
                    + (principal instanceof TenantPrincipal t ? Role.of(t.role()).wireName() : "unknown");
            case LIMITED_TO_SERVICES -> "a token limited to some services cannot call " + route
                    + ", which concerns the whole tenant";
            case OTHER_SERVICE -> "service " + variables.get("id") + " does not exist";
            case GRANTED, NOT_AUTHENTICATED -> "";
        };
    }

    private static String scopes(Access access) {
        return access.anyOf().stream().map(s -> "'" + s.wireName() + "'").sorted()
                .collect(Collectors.joining(" or "));
    }
}

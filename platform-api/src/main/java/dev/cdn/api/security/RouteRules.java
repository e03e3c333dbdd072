package dev.cdn.api.security;

import static dev.cdn.api.security.ServiceReach.FILTERED;
import static dev.cdn.api.security.ServiceReach.ONE_SERVICE;
import static dev.cdn.api.security.ServiceReach.WHOLE_TENANT;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one table of who may call what: every route of the API and the access it asks for. A request that matches
 * no row is refused ({@link AuthorizationOutcome#NO_RULE}), so a new endpoint stays closed until it is added here;
 * a test walks the OpenAPI document against this table with every kind of credential.
 */
final class RouteRules {

    /** One row: a method (null: any) and a path pattern. */
    record Route(HttpMethod method, PathPattern pattern, Access access) {
    }

    /** The row a request matched, with the path's variables (e.g. {@code id}). */
    record Match(Route route, Map<String, String> variables) {
    }

    private static final String VERSION = "/v1/services/{id}/versions/{number}";

    private final List<Route> routes;

    private RouteRules(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The most specific row matching the request, if any. */
    Optional<Match> match(HttpMethod method, PathContainer path) {
        return routes.stream()
                .filter(r -> r.method() == null || r.method().equals(method)
                        // HEAD is answered by the GET handler (RFC 9110 section 9.3.2), so it asks the same.
                        || HttpMethod.HEAD.equals(method) && HttpMethod.GET.equals(r.method()))
                .filter(r -> r.pattern().matches(path))
                .min(Comparator.comparing(Route::pattern, PathPattern.SPECIFICITY_COMPARATOR))
                .map(r -> new Match(r, r.pattern().matchAndExtract(path).getUriVariables()));
    }

    List<Route> routes() {
        return routes;
    }

    static RouteRules platform() {
        Builder b = new Builder();
        Access read = Access.tenant(ONE_SERVICE, Scope.CONFIG_READ);
        Access write = Access.tenant(ONE_SERVICE, Scope.CONFIG_WRITE);

        b.any(Access.publicRoute(), "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**");
        b.post(Access.publicRoute(), "/v1/signup", "/v1/sessions", "/v1/invitations/{secret}/accept",
                "/v1/password-resets", "/v1/password-resets/{secret}");

        b.get(Access.edge(), "/v1/edge/events", "/v1/edge/fleet-keys", "/v1/edge/certificates");
        b.post(Access.edge(), "/v1/edge/acks", "/v1/edge/stats", "/v1/edge/credential");
        b.post(Access.edge(), "/v1/edge/logs", "/v1/edge/probes");
        // The fleet CA (docs/routing.md, "Edge to shield over TLS"); the issuing route also asks for the shield role.
        b.get(Access.edge(), "/v1/edge/fleet-ca");
        b.post(Access.edge(), "/v1/edge/shield-certificate");

        b.get(Access.operator(), "/v1/edges", "/v1/edge-tokens", "/v1/hostnames");
        b.post(Access.operator(), "/v1/edge-tokens");
        b.delete(Access.operator(), "/v1/edge-tokens/{id}", "/v1/edges/{id}");
        b.get(Access.operator(), "/v1/topology", "/v1/topology/nodes", "/v1/pops", "/v1/operator-audit");
        b.post(Access.edge(), "/v1/edge/load");
        b.put(Access.operator(), "/v1/topology");

        b.get(Access.anyTenant(), "/v1/me");
        b.delete(Access.anyTenant(), "/v1/sessions/current");

        b.post(Access.tenant(WHOLE_TENANT, Scope.CONFIG_WRITE), "/v1/services", "/v1/origin-tests");
        b.get(Access.tenant(FILTERED, Scope.CONFIG_READ), "/v1/services");
        b.get(read, "/v1/services/{id}", "/v1/services/{id}/versions", VERSION, "/v1/services/{id}/rollout",
                "/v1/services/{id}/origins/health", VERSION + "/diff/{other}", VERSION + "/domains",
                VERSION + "/origins", VERSION + "/rules", "/v1/services/{id}/domains");
        b.post(read, VERSION + "/validate");
        b.post(write, VERSION + "/activate", VERSION + "/clone", VERSION + "/domains", VERSION + "/origins",
                VERSION + "/rules", "/v1/services/{id}/warm", "/v1/services/{id}/domains/{name}/check",
                "/v1/services/{id}/content-published", "/v1/services/{id}/content-published/secret");
        // Signed with the service's webhook secret (HMAC), checked by the handler: no credential to present here.
        b.post(Access.publicRoute(), "/v1/hooks/services/{id}/content-published");
        b.put(write, VERSION, VERSION + "/origins/{name}", VERSION + "/rules/{name}", VERSION + "/rule-order",
                VERSION + "/settings");
        b.get(read, VERSION + "/logic");
        b.put(write, VERSION + "/logic");
        b.delete(write, VERSION + "/domains/{name}", VERSION + "/origins/{name}", VERSION + "/rules/{name}");
        b.get(read, VERSION + "/protection");
        b.put(write, VERSION + "/protection");
        b.patch(write, VERSION);
        // Deleting a service or discarding a draft: the service's own config:write, as any other edit of it.
        b.delete(write, "/v1/services/{id}", VERSION);
        b.get(read, "/v1/services/{id}/certificates", "/v1/services/{id}/certificates/{certificateId}");
        b.post(write, "/v1/services/{id}/certificates");
        b.delete(write, "/v1/services/{id}/certificates/{certificateId}");
        b.get(read, "/v1/services/{id}/origin-auth");
        b.put(write, "/v1/services/{id}/origin-auth");
        b.delete(write, "/v1/services/{id}/origin-auth", "/v1/services/{id}/debug-token");
        b.post(write, "/v1/services/{id}/debug-token");

        b.get(Access.tenant(ONE_SERVICE, Scope.ANALYTICS_READ), "/v1/services/{id}/stats");
        b.get(read, "/v1/services/{id}/alerts", "/v1/services/{id}/alerts/{ruleId}", "/v1/services/{id}/alert-history");
        b.post(write, "/v1/services/{id}/alerts");
        b.put(write, "/v1/services/{id}/alerts/{ruleId}");
        b.delete(write, "/v1/services/{id}/alerts/{ruleId}");
        b.get(Access.tenant(ONE_SERVICE, Scope.ANALYTICS_READ), "/v1/services/{id}/logs/live");
        b.get(read, "/v1/services/{id}/log-delivery", "/v1/services/{id}/debug");
        // Tracing a URL reads config and cache state only: config:read, also for the POST that carries headers.
        b.post(read, "/v1/services/{id}/debug");
        b.put(write, "/v1/services/{id}/log-delivery");
        b.delete(write, "/v1/services/{id}/log-delivery");
        b.get(Access.tenant(ONE_SERVICE, Scope.ANALYTICS_READ), "/v1/services/{id}/stats/top-urls");
        b.get(Access.tenant(ONE_SERVICE, Scope.ANALYTICS_READ), "/v1/services/{id}/stats/variants");
        // Which of the two purge scopes applies depends on the body (purge:all for everything): the handler
        // checks that one; here either lets the request in.
        b.post(Access.tenant(ONE_SERVICE, Scope.PURGE, Scope.PURGE_ALL), "/v1/services/{id}/purge");
        b.get(Access.tenant(FILTERED, Scope.PURGE, Scope.PURGE_ALL, Scope.CONFIG_READ), "/v1/purges/{id}");
        b.get(Access.tenant(ONE_SERVICE, Scope.PURGE, Scope.PURGE_ALL, Scope.CONFIG_READ), "/v1/services/{id}/purges");
        b.get(Access.tenant(FILTERED, Scope.CONFIG_READ), "/v1/warms/{id}", "/v1/audit");

        // A token limited to services may make tokens for those services only (the handler checks the body), and
        // lists and revokes only tokens limited to some of its services (the handler filters).
        b.get(Access.tenant(FILTERED, Scope.TOKENS), "/v1/tokens");
        b.post(Access.tenant(FILTERED, Scope.TOKENS), "/v1/tokens");
        b.delete(Access.tenant(FILTERED, Scope.TOKENS), "/v1/tokens/{id}");

        b.get(Access.tenant(WHOLE_TENANT, Scope.CONFIG_READ), "/v1/users", "/v1/users/{id}", "/v1/invitations");
        b.post(Access.tenant(WHOLE_TENANT, Scope.TEAM).atLeast(Role.ADMIN), "/v1/invitations",
                "/v1/invitations/{id}/resend");
        b.delete(Access.tenant(WHOLE_TENANT, Scope.TEAM).atLeast(Role.ADMIN), "/v1/invitations/{id}");
        b.patch(Access.tenant(WHOLE_TENANT, Scope.TEAM).atLeast(Role.OWNER), "/v1/users/{id}");
        b.delete(Access.tenant(WHOLE_TENANT, Scope.TEAM).atLeast(Role.OWNER), "/v1/users/{id}");
        return b.build();
    }

    private static final class Builder {
        private final PathPatternParser parser = new PathPatternParser();
        private final List<Route> routes = new ArrayList<>();

        void any(Access access, String... patterns) {
            add(null, access, patterns);
        }

        void get(Access access, String... patterns) {
            add(HttpMethod.GET, access, patterns);
        }

        void post(Access access, String... patterns) {
            add(HttpMethod.POST, access, patterns);
        }

        void put(Access access, String... patterns) {
            add(HttpMethod.PUT, access, patterns);
        }

        void patch(Access access, String... patterns) {
            add(HttpMethod.PATCH, access, patterns);
        }

        void delete(Access access, String... patterns) {
            add(HttpMethod.DELETE, access, patterns);
        }

        private void add(HttpMethod method, Access access, String... patterns) {
            for (String p : patterns) {
                routes.add(new Route(method, parser.parse(p), access));
            }
        }

        RouteRules build() {
            return new RouteRules(routes);
        }
    }
}

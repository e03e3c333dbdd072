package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Walks every operation of the OpenAPI document with every kind of credential (a token of each scope, a token
 * limited to one service, a session of each role, the edge, the operator, no credential) and checks that exactly
 * the expected ones get past authorization. An endpoint missing from {@link #EXPECTED} fails this test; one
 * missing from the server's route table is refused for everyone, which this test reports as well.
 */
@TestPropertySource(properties = {"cdn.operator.token=" + AuthorizationWalkTest.OPERATOR,
        "cdn.api.rate-limit.burst=100000"})
class AuthorizationWalkTest extends ApiTestBase {

    static final String OPERATOR = "operator-token-for-the-walk";

    private static final String V = "/v1/services/{id}/versions/{number}";

    /**
     * What each operation asks: {@code public}, {@code edge}, {@code shield} (an edge token calling as a shield),
     * {@code operator}, or {@code tenant <scopes> <reach>
     * [role]} where scopes are alternatives joined by '|' ('-': none), reach is {@code service} (the path names one
     * service), {@code tenant} (about the whole tenant) or {@code filtered} (the answer is filtered).
     */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    private static final String DELETE_SERVICE = "DELETE /v1/services/{id}";

    static {
        expect("POST /v1/signup", "public");
        expect("POST /v1/sessions", "public");
        expect("POST /v1/invitations/{secret}/accept", "public");
        expect("POST /v1/password-resets", "public");
        expect("POST /v1/password-resets/{secret}", "public");
        expect("GET /v1/edge/events", "edge");
        expect("POST /v1/edge/acks", "edge");
        expect("POST /v1/edge/stats", "edge");
        expect("POST /v1/edge/credential", "edge");
        expect("GET /v1/edge/fleet-keys", "edge");
        expect("POST /v1/edge/logs", "edge");
        expect("POST /v1/edge/probes", "edge");
        expect("GET /v1/edge/certificates", "edge");
        expect("GET /v1/edge/fleet-ca", "edge");
        expect("POST /v1/edge/shield-certificate", "shield");
        expect("GET /v1/edges", "operator");
        expect("GET /v1/edge-tokens", "operator");
        expect("GET /v1/hostnames", "operator");
        expect("POST /v1/edge-tokens", "operator");
        expect("DELETE /v1/edge-tokens/{id}", "operator");
        expect("DELETE /v1/edges/{id}", "operator");
        expect("GET /v1/topology", "operator");
        expect("GET /v1/topology/nodes", "operator");
        expect("PUT /v1/topology", "operator");
        expect("GET /v1/pops", "operator");
        expect("GET /v1/operator-audit", "operator");
        expect("POST /v1/edge/load", "edge");
        expect("GET /v1/me", "tenant - filtered");
        expect("DELETE /v1/sessions/current", "tenant - filtered");
        expect("POST /v1/services", "tenant config:write tenant");
        expect("POST /v1/origin-tests", "tenant config:write tenant");
        expect("GET /v1/services", "tenant config:read filtered");
        for (String read : List.of("/v1/services/{id}", "/v1/services/{id}/versions", V, "/v1/services/{id}/rollout",
                "/v1/services/{id}/origins/health", V + "/diff/{other}", V + "/domains", V + "/origins", V + "/rules",
                "/v1/services/{id}/domains")) {
            expect("GET " + read, "tenant config:read service");
        }
        expect("POST " + V + "/validate", "tenant config:read service");
        for (String write : List.of(V + "/activate", V + "/clone", V + "/domains", V + "/origins", V + "/rules",
                "/v1/services/{id}/warm", "/v1/services/{id}/domains/{name}/check",
                "/v1/services/{id}/content-published", "/v1/services/{id}/content-published/secret")) {
            expect("POST " + write, "tenant config:write service");
        }
        for (String write : List.of(V, V + "/origins/{name}", V + "/rules/{name}", V + "/rule-order", V + "/settings")) {
            expect("PUT " + write, "tenant config:write service");
        }
        for (String write : List.of(V + "/domains/{name}", V + "/origins/{name}", V + "/rules/{name}", V,
                "/v1/services/{id}")) {
            expect("DELETE " + write, "tenant config:write service");
        }
        expect("GET " + V + "/protection", "tenant config:read service");
        expect("PUT " + V + "/protection", "tenant config:write service");
        expect("PATCH " + V, "tenant config:write service");
        expect("GET " + V + "/logic", "tenant config:read service");
        expect("PUT " + V + "/logic", "tenant config:write service");
        expect("GET /v1/services/{id}/certificates", "tenant config:read service");
        expect("GET /v1/services/{id}/certificates/{certificateId}", "tenant config:read service");
        expect("POST /v1/services/{id}/certificates", "tenant config:write service");
        expect("DELETE /v1/services/{id}/certificates/{certificateId}", "tenant config:write service");
        expect("GET /v1/services/{id}/origin-auth", "tenant config:read service");
        expect("PUT /v1/services/{id}/origin-auth", "tenant config:write service");
        expect("DELETE /v1/services/{id}/origin-auth", "tenant config:write service");
        expect("POST /v1/services/{id}/debug-token", "tenant config:write service");
        expect("DELETE /v1/services/{id}/debug-token", "tenant config:write service");
        expect("GET /v1/services/{id}/stats", "tenant analytics:read service");
        expect("GET /v1/services/{id}/alerts", "tenant config:read service");
        expect("GET /v1/services/{id}/alerts/{ruleId}", "tenant config:read service");
        expect("GET /v1/services/{id}/alert-history", "tenant config:read service");
        expect("POST /v1/services/{id}/alerts", "tenant config:write service");
        expect("PUT /v1/services/{id}/alerts/{ruleId}", "tenant config:write service");
        expect("DELETE /v1/services/{id}/alerts/{ruleId}", "tenant config:write service");
        expect("GET /v1/services/{id}/logs/live", "tenant analytics:read service");
        expect("GET /v1/services/{id}/log-delivery", "tenant config:read service");
        expect("GET /v1/services/{id}/debug", "tenant config:read service");
        expect("POST /v1/services/{id}/debug", "tenant config:read service");
        expect("PUT /v1/services/{id}/log-delivery", "tenant config:write service");
        expect("DELETE /v1/services/{id}/log-delivery", "tenant config:write service");
        expect("GET /v1/services/{id}/stats/top-urls", "tenant analytics:read service");
        expect("GET /v1/services/{id}/stats/variants", "tenant analytics:read service");
        expect("POST /v1/services/{id}/purge", "tenant purge|purge:all service");
        expect("GET /v1/purges/{id}", "tenant purge|purge:all|config:read filtered");
        expect("GET /v1/services/{id}/purges", "tenant purge|purge:all|config:read service");
        expect("GET /v1/warms/{id}", "tenant config:read filtered");
        expect("POST /v1/hooks/services/{id}/content-published", "signed");
        expect("GET /v1/audit", "tenant config:read filtered");
        expect("GET /v1/tokens", "tenant tokens filtered");
        expect("POST /v1/tokens", "tenant tokens filtered");
        expect("DELETE /v1/tokens/{id}", "tenant tokens filtered");
        expect("GET /v1/users", "tenant config:read tenant");
        expect("GET /v1/users/{id}", "tenant config:read tenant");
        expect("GET /v1/invitations", "tenant config:read tenant");
        expect("POST /v1/invitations", "tenant team tenant admin");
        expect("POST /v1/invitations/{id}/resend", "tenant team tenant admin");
        expect("DELETE /v1/invitations/{id}", "tenant team tenant admin");
        expect("PATCH /v1/users/{id}", "tenant team tenant owner");
        expect("DELETE /v1/users/{id}", "tenant team tenant owner");
    }

    private static void expect(String operation, String access) {
        EXPECTED.put(operation, access);
    }

    private static final List<String> SCOPES = List.of("config:read", "config:write", "purge", "purge:all",
            "analytics:read", "tokens", "team");
    private static final Set<String> MEMBER_SCOPES = Set.of("config:read", "analytics:read");

    /** A credential of the walk and what the expectations need to know about it. */
    private record Credential(String label, String secret, String kind, Set<String> scopes, String role,
                              boolean limited) {
    }

    @Test
    void everyOperation_isOpenToExactlyTheExpectedCredentials() {
        // Hundreds of calls, the first of them building the API document: allow for a busy machine.
        web = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
        Map<String, List<HttpMethod>> documented = documentedOperations();
        Set<String> operations = new TreeSet<>();
        documented.forEach((path, methods) -> methods.forEach(m -> operations.add(m.name() + " " + path)));
        assertThat(operations).as("operations of /v3/api-docs without an expected access in this test")
                .isSubsetOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).as("expected operations missing from /v3/api-docs").isSubsetOf(operations);

        String owner = signupAndLogin("owner@walk.test");
        String admin = join(owner, "admin@walk.test", "admin");
        String member = join(owner, "member@walk.test", "member");
        String serviceA = createService(owner, "a.walk.test", 8081);
        String serviceB = createService(owner, "b.walk.test", 8081);

        List<Credential> credentials = new ArrayList<>();
        credentials.add(new Credential("anonymous", null, "none", Set.of(), null, false));
        credentials.add(new Credential("edge", EDGE_TOKEN, "edge", Set.of(), null, false));
        credentials.add(new Credential("shield", EDGE_TOKEN, "shield", Set.of(), null, false));
        credentials.add(new Credential("operator", OPERATOR, "operator", Set.of(), null, false));
        for (String scope : SCOPES) {
            credentials.add(new Credential("token[" + scope + "]", createToken(owner, List.of(scope), List.of()),
                    "tenant", Set.of(scope), "owner", false));
        }
        credentials.add(new Credential("token[all, limited to A]", createToken(owner, SCOPES, List.of(serviceA)),
                "tenant", Set.copyOf(SCOPES), "owner", true));
        credentials.add(new Credential("session[member]", member, "tenant", MEMBER_SCOPES, "member", false));
        credentials.add(new Credential("session[admin]", admin, "tenant", Set.copyOf(SCOPES), "admin", false));
        credentials.add(new Credential("session[owner]", owner, "tenant", Set.copyOf(SCOPES), "owner", false));

        // Logging out revokes the credential: it goes last.
        List<String> order = new ArrayList<>(operations);
        order.sort(Comparator.comparing((String op) -> op.equals("DELETE /v1/sessions/current")));

        List<String> wrong = new ArrayList<>();
        int scratch = 0;
        for (Credential credential : credentials) {
            for (String operation : order) {
                boolean expected = allowed(EXPECTED.get(operation), credential);
                // Deleting a service is walked against a service of its own each time, so the others stay; a token
                // limited to service A does not reach it.
                String target = serviceA;
                if (operation.equals(DELETE_SERVICE)) {
                    target = createService(owner, "gone-" + (++scratch) + ".walk.test", 8081);
                    expected = expected && !credential.limited();
                }
                String path = fill(operation.substring(operation.indexOf(' ') + 1), target);
                EntityExchangeResult<String> result = call(operation, path, credential);
                boolean passed = passedAuthorization(result, target);
                if (passed != expected) {
                    wrong.add(credential.label() + " " + operation + ": expected " + (expected ? "allowed" : "refused")
                            + ", got " + result.getStatus().value() + " " + result.getResponseBody());
                }
                if (credential.limited() && EXPECTED.get(operation).endsWith(" service")) {
                    // The same operation on a service outside the token's limit does not exist for it.
                    String other = fill(operation.substring(operation.indexOf(' ') + 1), serviceB);
                    int status = call(operation, other, credential).getStatus().value();
                    if (status != 404) {
                        wrong.add(credential.label() + " " + operation + " on service B: expected 404, got " + status);
                    }
                }
            }
        }
        assertThat(wrong).as("authorization decisions that differ from the expected access").isEmpty();
    }

    private Map<String, List<HttpMethod>> documentedOperations() {
        // Built on first request, scanning every controller: slower than a call on a busy machine.
        Map<?, ?> doc = web.mutate().responseTimeout(java.time.Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<String, List<HttpMethod>> out = new LinkedHashMap<>();
        ((Map<?, ?>) doc.get("paths")).forEach((path, item) -> {
            List<HttpMethod> methods = new ArrayList<>();
            for (Object method : ((Map<?, ?>) item).keySet()) {
                methods.add(HttpMethod.valueOf(((String) method).toUpperCase(Locale.ROOT)));
            }
            out.put((String) path, methods);
        });
        return out;
    }

    /** The expectation, derived independently of the server's table from the access strings above. */
    private static boolean allowed(String access, Credential c) {
        String[] parts = access.split(" ");
        return switch (parts[0]) {
            case "public" -> true;
            // Public to the security chain, but its handler accepts only a valid HMAC signature of the body, which
            // no credential of the walk carries: refused for every one of them.
            case "signed" -> false;
            // A shield holds an edge token too: it reaches every edge route, and only it the shield routes.
            case "edge" -> c.kind().equals("edge") || c.kind().equals("shield");
            case "shield", "operator" -> c.kind().equals(parts[0]);
            default -> {
                if (!c.kind().equals("tenant")) {
                    yield false;
                }
                boolean scoped = parts[1].equals("-")
                        || List.of(parts[1].split("\\|")).stream().anyMatch(c.scopes()::contains);
                String minRole = parts.length > 3 ? parts[3] : "member";
                boolean role = rank(c.role()) <= rank(minRole);
                boolean reach = !(c.limited() && parts[2].equals("tenant"));
                yield scoped && role && reach;
            }
        };
    }

    private static int rank(String role) {
        return List.of("owner", "admin", "member").indexOf(role);
    }

    private static String fill(String path, String serviceId) {
        String id = path.startsWith("/v1/services/{id}") ? serviceId : UUID.randomUUID().toString();
        String filled = path.replace("{id}", id).replace("{number}", "1").replace("{other}", "1")
                .replace("{name}", "nothing").replace("{secret}", "not-a-secret")
                .replace("{ruleId}", UUID.randomUUID().toString())
                .replace("{certificateId}", UUID.randomUUID().toString());
        // The event stream and the live log would stay open: a bad parameter makes them answer at once once
        // authorized.
        if (filled.endsWith("/logs/live")) {
            return filled + "?rate=0";
        }
        return filled.equals("/v1/edge/events") ? filled + "?after=-1" : filled;
    }

    private EntityExchangeResult<String> call(String operation, String path, Credential c) {
        HttpMethod method = HttpMethod.valueOf(operation.substring(0, operation.indexOf(' ')));
        var spec = web.method(method).uri(path).headers(h -> {
            if (c.secret() != null) {
                h.setBearerAuth(c.secret());
            }
            if (c.kind().equals("shield")) {
                h.set("X-Edge-Role", "shield");
            }
        });
        if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)) {
            return spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectBody(String.class).returnResult();
        }
        return spec.exchange().expectBody(String.class).returnResult();
    }

    /**
     * Refusals by the authorization layer are 401, 403, or a 404 naming the token's own (existing) service; any
     * other answer (200, 400, 404 for a made-up id, 409, 429, ...) came from past it.
     */
    private static boolean passedAuthorization(EntityExchangeResult<String> result, String ownService) {
        int status = result.getStatus().value();
        if (status == 401 || status == 403) {
            return false;
        }
        String body = result.getResponseBody() == null ? "" : result.getResponseBody();
        // The refusal names the service alone; a 404 for something inside it ("domain x of service ...") came later.
        return !(status == 404 && body.contains("\"detail\":\"service " + ownService + " does not exist\""));
    }
}

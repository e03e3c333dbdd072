package dev.cdn.api;

import dev.cdn.testsupport.TestDatabase;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Starts platform-api on a random port against a fresh PostgreSQL database of its own (one per test class:
 * the context is dirtied after each class, so the next class gets a new database). {@code *.localhost} domains are
 * verified at once, as in {@code ./cdn up}; other names follow the real ownership checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cdn.edge.token=" + ApiTestBase.EDGE_TOKEN,
        "cdn.allowed-private-origins=127.0.0.1", "cdn.dev.auto-verify-domains=true",
        // No background ownership checks of the test's made-up names against real DNS; tests run passes themselves.
        "cdn.domains.recheck-enabled=false",
        // Test classes sign up many tenants from 127.0.0.1; the per-address limits have tests of their own.
        "cdn.api.signup.burst=1000", "cdn.api.password-reset.per-address.burst=1000"})
// A bound against a hung call, not a performance claim: a first call (JIT, pool warm-up) on a loaded machine can
// take longer than the default 5 s.
@AutoConfigureWebTestClient(timeout = "PT30S")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class ApiTestBase {

    public static final String EDGE_TOKEN = "edge-token-for-tests";

    @Autowired
    protected WebTestClient web;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Database db = TestDatabase.create();
        registry.add("spring.r2dbc.url", db::r2dbcUrl);
        registry.add("spring.r2dbc.username", db::user);
        registry.add("spring.r2dbc.password", db::password);
        registry.add("spring.flyway.url", db::jdbcUrl);
        registry.add("spring.flyway.user", db::user);
        registry.add("spring.flyway.password", db::password);
    }

    /** A request with a bearer token, an optional {@code If-Match} and an optional JSON body. */
    protected WebTestClient.ResponseSpec call(String method, String token, String uri, String ifMatch, Object body) {
        var spec = web.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri).headers(h -> {
            h.setBearerAuth(token);
            if (ifMatch != null) {
                h.set(org.springframework.http.HttpHeaders.IF_MATCH, ifMatch);
            }
        });
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Signs up a new tenant and logs in; returns the session token. */
    protected String signupAndLogin(String email) {
        web.post().uri("/v1/signup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantName", "Tenant " + email, "email", email, "password", "correct horse battery"))
                .exchange().expectStatus().isCreated();
        Map<?, ?> session = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "correct horse battery"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) session.get("token");
    }

    /** Creates a service with one domain and one loopback origin; returns its id. */
    protected String createService(String token, String domain, int originPort) {
        Map<?, ?> service = web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", domain, "domains", List.of(domain),
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", originPort))))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) service.get("id");
    }

    /** Creates an API token with these scopes, limited to these services (none: every service); returns its secret. */
    protected String createToken(String session, List<String> scopes, List<String> services) {
        Map<?, ?> created = web.post().uri("/v1/tokens").headers(h -> h.setBearerAuth(session))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "token " + scopes, "scopes", scopes, "services", services))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) created.get("token");
    }

    /** Invites {@code email} with {@code role}, accepts the invitation and logs in; returns the session token. */
    protected String join(String inviterSession, String email, String role) {
        Map<?, ?> invitation = web.post().uri("/v1/invitations").headers(h -> h.setBearerAuth(inviterSession))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email, "role", role))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        web.post().uri("/v1/invitations/" + invitation.get("token") + "/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("password", "joiner password")).exchange().expectStatus().isCreated();
        Map<?, ?> session = web.post().uri("/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "joiner password"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) session.get("token");
    }

    /** The id of the user behind a credential. */
    protected String userId(String token) {
        Map<?, ?> me = web.get().uri("/v1/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (String) me.get("userId");
    }
}

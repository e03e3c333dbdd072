package dev.cdn.api.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.ConfigValidator;
import dev.cdn.config.DomainScope;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Domain ownership through the API against a real DNS server and a real HTTP server on 127.0.0.1: the hostname
 * hijack (a name inside another tenant's verified wildcard), pending claims that block nobody, proof by TXT record
 * and by HTTP token, lapsing, and what reaches the edges.
 */
class DomainOwnershipApiTest extends ApiTestBase {

    static final TestDnsServer DNS;
    static final Set<String> SERVED_TOKENS = ConcurrentHashMap.newKeySet();
    static final DisposableServer TOKEN_SERVER;

    static {
        try {
            DNS = new TestDnsServer();
        } catch (java.net.SocketException e) {
            throw new ExceptionInInitializerError(e);
        }
        TOKEN_SERVER = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.get("/.well-known/cdn-challenge/{token}", (req, res) -> {
                    String key = req.requestHeaders().get("Host") + " " + req.param("token");
                    return SERVED_TOKENS.contains(key) ? res.sendString(Mono.just(req.param("token")))
                            : res.status(404).send();
                }))
                .bindNow();
    }

    @DynamicPropertySource
    static void ownership(DynamicPropertyRegistry registry) {
        registry.add("cdn.domains.dns-resolvers", DNS::address);
        registry.add("cdn.domains.http-challenge-port", TOKEN_SERVER::port);
        // The HTTP check reaches the token server; the services' origin is 127.0.0.1:9.
        registry.add("cdn.allowed-private-origins", () -> "127.0.0.1:" + TOKEN_SERVER.port() + ",127.0.0.1:9");
        registry.add("cdn.domains.lapse-after", () -> "2");
    }

    @AfterAll
    static void stopServers() {
        DNS.close();
        TOKEN_SERVER.disposeNow();
    }

    @Autowired
    DatabaseClient db;

    @Autowired
    DomainRechecker rechecker;

    @Test
    void hostnameHijack_nameInsideAnotherTenantsVerifiedWildcard_isRefused_andEdgesKeepRoutingToOwner() {
        String a = signupAndLogin("owner@a.example");
        String serviceA = create(a, List.of("a.example", "*.a.example")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        proveByTxt(a, serviceA, "a.example");
        proveByTxt(a, serviceA, "*.a.example");
        activate(a, serviceA);

        String b = signupAndLogin("attacker@b.example");
        create(b, List.of("www.a.example")).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("domains[0]")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("*.a.example"));
        create(b, List.of("a.example")).expectStatus().isBadRequest();
        create(b, List.of("*.deep.a.example")).expectStatus().isBadRequest();
        create(b, List.of("*.example.net", "x.b.example")).expectStatus().isCreated();

        Map<String, ServiceConfig> published = published();
        assertThat(published.values())
                .filteredOn(c -> c.domains().stream().anyMatch(d -> DomainScope.covers(d, "www.a.example")))
                .extracting(ServiceConfig::id).containsExactly(serviceA);
        assertThat(published.get(serviceA).domains()).containsExactlyInAnyOrder("a.example", "*.a.example");
    }

    @Test
    void draftClaimsOfAnotherTenant_blockNobody_andCannotBeVerifiedOnceTheOwnerIs() {
        String b = signupAndLogin("squatter@c.example");
        String serviceB = idOf(create(b, List.of("api.c.example", "*.deep.c.example")));
        String a = signupAndLogin("owner@c.example");
        String serviceA = idOf(create(a, List.of("c.example", "*.c.example", "api.c.example")));
        proveByTxt(a, serviceA, "*.c.example");
        proveByTxt(a, serviceA, "api.c.example");

        DNS.txt("_cdn-challenge.api.c.example", tokenOf(b, serviceB, "api.c.example"));
        Map<?, ?> squatter = check(b, serviceB, "api.c.example");
        assertThat(squatter.get("state")).isEqualTo("pending");
        assertThat(squatter.get("lastOutcome")).isEqualTo("claimed_by_another_tenant");
        // B's draft edits may no longer add names under A's verified wildcard.
        web.post().uri("/v1/services/" + serviceB + "/versions/1/domains").headers(h -> h.setBearerAuth(b))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "new.c.example"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("*.c.example"));
    }

    @Test
    void dnsTxtRecord_verifiesTheClaim_andOnlyThenIsItPublished() {
        String t = signupAndLogin("dns@d.example");
        String id = idOf(create(t, List.of("www.d.example")));
        activate(t, id);
        assertThat(published()).doesNotContainKey(id);

        Map<?, ?> listed = domains(t, id).get(0);
        assertThat(listed.get("state")).isEqualTo("pending");
        Map<?, ?> txt = (Map<?, ?>) ((Map<?, ?>) listed.get("verification")).get("txt");
        assertThat(txt.get("name")).isEqualTo("_cdn-challenge.www.d.example");
        assertThat(txt.get("type")).isEqualTo("TXT");

        assertThat(check(t, id, "www.d.example").get("lastOutcome")).isEqualTo("no_proof_found");
        DNS.txt("_cdn-challenge.www.d.example", "some-other-verification=1");
        DNS.txt("_cdn-challenge.www.d.example", (String) txt.get("value"));
        Map<?, ?> checked = check(t, id, "www.d.example");

        assertThat(checked.get("state")).isEqualTo("verified");
        assertThat(checked.get("lastOutcome")).isEqualTo("dns_record_found");
        assertThat(published().get(id).domains()).containsExactly("www.d.example");
    }

    @Test
    void httpToken_onTheNamesAddress_verifiesTheClaim_privateAddressIsRefused() throws Exception {
        String t = signupAndLogin("http@h.example");
        String id = idOf(create(t, List.of("www.h.example", "intranet.h.example")));
        DNS.a("www.h.example", "127.0.0.1");
        DNS.a("intranet.h.example", "10.1.2.3");
        String token = tokenOf(t, id, "www.h.example");
        Map<?, ?> http = (Map<?, ?>) ((Map<?, ?>) domains(t, id).stream()
                .filter(d -> d.get("name").equals("www.h.example")).findFirst().orElseThrow()
                .get("verification")).get("http");
        assertThat(http.get("url")).isEqualTo("http://www.h.example/.well-known/cdn-challenge/" + token);

        assertThat(check(t, id, "www.h.example").get("state")).isEqualTo("pending");
        SERVED_TOKENS.add("www.h.example:" + TOKEN_SERVER.port() + " " + token);
        Map<?, ?> checked = check(t, id, "www.h.example");

        assertThat(checked.get("state")).isEqualTo("verified");
        assertThat(checked.get("lastOutcome")).isEqualTo("http_token_found");
        assertThat(check(t, id, "intranet.h.example").get("lastOutcome")).isEqualTo("address_refused");
    }

    @Test
    void verifiedClaim_lapsesAfterRepeatedFailedChecks_andLeavesTheEdges() {
        String t = signupAndLogin("lapse@l.example");
        String id = idOf(create(t, List.of("l.example", "www.l.example")));
        proveByTxt(t, id, "l.example");
        proveByTxt(t, id, "www.l.example");
        activate(t, id);
        assertThat(published().get(id).domains()).containsExactlyInAnyOrder("l.example", "www.l.example");

        DNS.clear("_cdn-challenge.www.l.example");
        assertThat(check(t, id, "www.l.example").get("state")).isEqualTo("verified");
        Map<?, ?> lapsed = check(t, id, "www.l.example");

        assertThat(lapsed.get("state")).isEqualTo("lapsed");
        assertThat(lapsed.get("failedChecks")).isEqualTo(2);
        assertThat(published().get(id).domains()).containsExactly("l.example");
    }

    @Test
    void periodicPass_onTheLeaseHolder_verifiesClaimsWhoseProofAppeared() {
        String t = signupAndLogin("pass@p.example");
        String id = idOf(create(t, List.of("www.p.example")));
        DNS.txt("_cdn-challenge.www.p.example", tokenOf(t, id, "www.p.example"));

        assertThat(rechecker.passNow().block(Duration.ofSeconds(60))).isPositive();

        assertThat(domains(t, id).get(0).get("state")).isEqualTo("verified");
    }

    // --- helpers ---

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec create(String token,
                                                                                          List<String> domains) {
        return web.post().uri("/v1/services").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", domains.get(0).replace("*.", "wild."), "domains", domains,
                        "origins", List.of(Map.of("host", "127.0.0.1", "port", 9))))
                .exchange();
    }

    private static String idOf(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec created) {
        return created.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("id").toString();
    }

    private void activate(String token, String id) {
        web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> domains(String token, String id) {
        Map<?, ?> body = web.get().uri("/v1/services/" + id + "/domains").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) body.get("items");
    }

    private String tokenOf(String token, String id, String name) {
        Map<?, ?> claim = domains(token, id).stream().filter(d -> d.get("name").equals(name)).findFirst().orElseThrow();
        return (String) ((Map<?, ?>) ((Map<?, ?>) claim.get("verification")).get("txt")).get("value");
    }

    private Map<?, ?> check(String token, String id, String name) {
        return web.post().uri("/v1/services/" + id + "/domains/" + name + "/check").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private void proveByTxt(String token, String id, String name) {
        DNS.txt("_cdn-challenge." + name.replace("*.", ""), tokenOf(token, id, name));
        assertThat(check(token, id, name).get("state")).isEqualTo("verified");
    }

    /** What a fresh edge would serve: the latest config of every service not removed since. */
    private Map<String, ServiceConfig> published() {
        List<ServiceConfig> configs = db.sql("""
                        SELECT kind, payload FROM (
                          SELECT DISTINCT ON (service_id) kind, payload, seq FROM edge_events
                          WHERE kind IN ('config', 'remove') ORDER BY service_id, seq DESC) latest
                        WHERE kind = 'config'""")
                .map((row, meta) -> ConfigCodec.readServiceConfig(row.get("payload", Json.class).asArray()))
                .all().collectList().block(Duration.ofSeconds(10));
        assertThat(ConfigValidator.validate(new EdgeConfig(configs))).as("what edges receive is consistent").isEmpty();
        Map<String, ServiceConfig> out = new HashMap<>();
        configs.forEach(c -> out.put(c.id(), c));
        return out;
    }
}

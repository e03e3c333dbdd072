package dev.cdn.api.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.OriginAuth;
import dev.cdn.config.ServiceConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A service's origin-authentication header and debug token through the API, against a real PostgreSQL: write-only
 * (no answer, version, audit record or URL trace holds a value), sealed at rest (the event log holds none either),
 * pushed to nodes in one config event per change, and refused with a problem naming the field when malformed.
 */
@TestPropertySource(properties = "cdn.certs.encryption-key=" + OriginAuthApiTest.OPERATOR_KEY)
class OriginAuthApiTest extends ApiTestBase {

    static final String OPERATOR_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
    private static final String SECRET = "s3cr3t-origin-value-0123456789";
    private static final String ROTATED = "rotated-origin-value-9876543210";

    @Autowired
    DatabaseClient db;

    @Test
    void originAuth_isWriteOnly_sealedAtRest_andPushedToNodesOnly() {
        String t = signupAndLogin("owner@originauth.test");
        String id = createService(t, "shop.originauth.localhost", 9);
        call("POST", t, "/v1/services/" + id + "/versions/1/activate", null, null).expectStatus().isOk();
        long configsBefore = configEvents(id);

        String set = call("PUT", t, "/v1/services/" + id + "/origin-auth", null,
                Map.of("header", "X-Origin-Auth", "value", SECRET)).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String fingerprint = new OriginAuth("X-Origin-Auth", SECRET).fingerprint();
        assertThat(set).contains("X-Origin-Auth", fingerprint, "6789").doesNotContain(SECRET);
        assertThat(body("GET", t, "/v1/services/" + id + "/origin-auth"))
                .contains("X-Origin-Auth", fingerprint, "setAt").doesNotContain(SECRET);

        assertThat(configEvents(id)).as("one config push carries the new header").isEqualTo(configsBefore + 1);
        ServiceConfig pushed = lastPushed(id);
        assertThat(pushed.settings().secrets().originAuth()).isEqualTo(new OriginAuth("X-Origin-Auth", SECRET));
        assertThat(new String(sealedValue(id), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

        for (String path : new String[] {"/v1/services/" + id, "/v1/services/" + id + "/versions",
                "/v1/services/" + id + "/versions/1", "/v1/services/" + id + "/versions/1/origins",
                "/v1/services/" + id + "/debug?url=http://shop.originauth.localhost/a", "/v1/audit"}) {
            assertThat(body("GET", t, path)).as(path).doesNotContain(SECRET).doesNotContain("secrets");
        }
        assertThat(body("GET", t, "/v1/audit")).contains("origin-auth.set", fingerprint);

        call("PUT", t, "/v1/services/" + id + "/origin-auth", null, Map.of("header", "X-Origin-Auth", "value", ROTATED))
                .expectStatus().isOk();
        assertThat(lastPushed(id).settings().secrets().originAuth().value()).isEqualTo(ROTATED);
        assertThat(configEvents(id)).isEqualTo(configsBefore + 2);
        assertThat(body("GET", t, "/v1/audit")).contains("origin-auth.rotated").doesNotContain(ROTATED)
                .doesNotContain(SECRET);

        call("DELETE", t, "/v1/services/" + id + "/origin-auth", null, null).expectStatus().isNoContent();
        assertThat(lastPushed(id).settings().secrets()).isNull();
        call("GET", t, "/v1/services/" + id + "/origin-auth", null, null).expectStatus().isNotFound();
        assertThat(body("GET", t, "/v1/audit")).contains("origin-auth.removed").doesNotContain(ROTATED);
    }

    @Test
    void generate_returnsTheValueOnce_andTheNodesGetIt() {
        String t = signupAndLogin("owner@generate.test");
        String id = createService(t, "shop.generate.localhost", 9);
        call("POST", t, "/v1/services/" + id + "/versions/1/activate", null, null).expectStatus().isOk();

        Map<?, ?> made = call("PUT", t, "/v1/services/" + id + "/origin-auth", null,
                Map.of("header", "X-Shop-Origin-Key", "generate", true)).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        String value = (String) made.get("value");

        assertThat(value).hasSizeGreaterThanOrEqualTo(OriginAuth.MIN_VALUE);
        assertThat(lastPushed(id).settings().secrets().originAuth().value()).isEqualTo(value);
        assertThat(body("GET", t, "/v1/services/" + id + "/origin-auth")).doesNotContain(value);
    }

    @Test
    void malformedOriginAuth_isRefusedNamingTheField_andNothingIsStored() {
        String t = signupAndLogin("owner@refused.test");
        String id = createService(t, "shop.refused.localhost", 9);
        String url = "/v1/services/" + id + "/origin-auth";

        refused(t, url, Map.of("header", "Host", "value", SECRET), "header");
        refused(t, url, Map.of("header", "X-Forwarded-Auth", "value", SECRET), "header");
        refused(t, url, Map.of("header", "X-Cdn-Key", "value", SECRET), "header");
        refused(t, url, Map.of("header", "Connection", "value", SECRET), "header");
        refused(t, url, Map.of("header", "X Bad", "value", SECRET), "header");
        refused(t, url, Map.of("value", SECRET), "header");
        refused(t, url, Map.of("header", "X-Origin-Auth", "value", "short"), "value");
        refused(t, url, Map.of("header", "X-Origin-Auth", "value", "has a space in it, sixteen+"), "value");
        refused(t, url, Map.of("header", "X-Origin-Auth", "value", "x".repeat(513)), "value");
        refused(t, url, Map.of("header", "X-Origin-Auth"), "value");

        call("GET", t, url, null, null).expectStatus().isNotFound();
        assertThat(db.sql("SELECT count(*) AS n FROM service_secrets").map((row, meta) -> row.get("n", Long.class))
                .one().block()).isZero();
    }

    @Test
    void otherTenants_cannotReadOrChangeTheSecrets() {
        String owner = signupAndLogin("owner@mine.test");
        String other = signupAndLogin("other@theirs.test");
        String id = createService(owner, "shop.mine.localhost", 9);
        call("PUT", owner, "/v1/services/" + id + "/origin-auth", null,
                Map.of("header", "X-Origin-Auth", "value", SECRET)).expectStatus().isOk();

        call("GET", other, "/v1/services/" + id + "/origin-auth", null, null).expectStatus().isNotFound();
        call("PUT", other, "/v1/services/" + id + "/origin-auth", null,
                Map.of("header", "X-Origin-Auth", "value", ROTATED)).expectStatus().isNotFound();
        call("DELETE", other, "/v1/services/" + id + "/origin-auth", null, null).expectStatus().isNotFound();
        call("POST", other, "/v1/services/" + id + "/debug-token", null, null).expectStatus().isNotFound();
        assertThat(body("GET", owner, "/v1/services/" + id + "/origin-auth"))
                .contains(new OriginAuth("X-Origin-Auth", SECRET).fingerprint());
    }

    @Test
    void debugToken_isShownOnce_nodesGetItsHashOnly_andANewOneReplacesIt() {
        String t = signupAndLogin("owner@debugtoken.test");
        String id = createService(t, "shop.debugtoken.localhost", 9);
        call("POST", t, "/v1/services/" + id + "/versions/1/activate", null, null).expectStatus().isOk();

        Map<?, ?> first = call("POST", t, "/v1/services/" + id + "/debug-token", null, null).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String token = (String) first.get("token");
        assertThat(first.get("header")).isEqualTo("Cdn-Debug");
        assertThat(lastPushed(id).settings().secrets().debugTokenSha256()).isEqualTo(OriginAuth.sha256Hex(token));
        assertThat(lastLogged(id)).doesNotContain(token);
        assertThat(body("GET", t, "/v1/audit")).contains("debug-token.created").doesNotContain(token);

        String second = (String) call("POST", t, "/v1/services/" + id + "/debug-token", null, null)
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("token");
        assertThat(second).isNotEqualTo(token);
        assertThat(lastPushed(id).settings().secrets().debugTokenSha256()).isEqualTo(OriginAuth.sha256Hex(second));

        call("DELETE", t, "/v1/services/" + id + "/debug-token", null, null).expectStatus().isNoContent();
        assertThat(lastPushed(id).settings().secrets()).isNull();
        call("DELETE", t, "/v1/services/" + id + "/debug-token", null, null).expectStatus().isNotFound();
    }

    private void refused(String token, String url, Map<String, Object> body, String field) {
        String problem = call("PUT", token, url, null, body).expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(problem).as(body.toString()).contains("\"field\":\"" + field + "\"").doesNotContain(SECRET);
    }

    private String body(String method, String token, String path) {
        return call(method, token, path, null, null).expectStatus().is2xxSuccessful().expectBody(String.class)
                .returnResult().getResponseBody();
    }

    private long configEvents(String serviceId) {
        return db.sql("SELECT count(*) AS n FROM edge_events WHERE kind = 'config' AND service_id = :id::uuid")
                .bind("id", serviceId).map((row, meta) -> row.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }

    /** What the durable event log holds for the service's newest config event: never a secret. */
    private String lastLogged(String serviceId) {
        return db.sql("""
                        SELECT payload::text AS p FROM edge_events WHERE kind = 'config' AND service_id = :id::uuid
                        ORDER BY seq DESC LIMIT 1""")
                .bind("id", serviceId).map((row, meta) -> row.get("p", String.class)).one().block(Duration.ofSeconds(10));
    }

    /**
     * The service's config as a node receives it on the control channel: both ways a stream starts (a fresh node
     * gets every current config; a resuming node the events after its sequence) carry the same secrets.
     */
    private ServiceConfig lastPushed(String serviceId) {
        ServiceConfig fresh = lastStreamed(serviceId, 0);
        ServiceConfig resumed = lastStreamed(serviceId, 1);
        assertThat(resumed).isEqualTo(fresh);
        assertThat(lastLogged(serviceId)).doesNotContain("secrets");
        return fresh;
    }

    private ServiceConfig lastStreamed(String serviceId, long after) {
        List<EdgeEvent> events = web.mutate().responseTimeout(Duration.ofSeconds(30)).build()
                .get().uri("/v1/edge/events?after=" + after)
                .headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "shield-secrets-" + after);
                    h.set("X-Edge-Role", "shield");
                })
                .exchange().returnResult(String.class).getResponseBody()
                .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                .filter(line -> !line.isBlank())
                .map(ConfigCodec::readEvent)
                .takeUntil(e -> e.type() == EdgeEvent.Type.HEARTBEAT)
                .collectList().block(Duration.ofSeconds(30));
        return events.stream().filter(e -> e.type() == EdgeEvent.Type.CONFIG && e.serviceId().equals(serviceId))
                .reduce((a, b) -> b).orElseThrow().service();
    }

    private byte[] sealedValue(String serviceId) {
        return db.sql("SELECT origin_auth_sealed FROM service_secrets WHERE service_id = :id::uuid").bind("id", serviceId)
                .map((row, meta) -> {
                    ByteBuffer b = row.get("origin_auth_sealed", ByteBuffer.class);
                    byte[] out = new byte[b.remaining()];
                    b.get(out);
                    return out;
                }).one().block(Duration.ofSeconds(10));
    }
}

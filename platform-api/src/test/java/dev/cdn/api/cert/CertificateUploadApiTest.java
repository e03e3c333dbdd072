package dev.cdn.api.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeCertificates;
import dev.cdn.testsupport.TestPki;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Uploading certificates through the API against a real PostgreSQL: what is accepted, what is refused (naming the
 * field, nothing stored), that the key is sealed at rest and never answered or audited, and that the edges' fetch
 * is the only place it comes out.
 */
@TestPropertySource(properties = "cdn.certs.encryption-key=" + CertificateUploadApiTest.OPERATOR_KEY)
class CertificateUploadApiTest extends ApiTestBase {

    static final String OPERATOR_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    static final TestPki.Issued CA = TestPki.authority("Upload Test CA");

    @Autowired
    DatabaseClient db;

    @Test
    void upload_validChainForVerifiedDomain_isServedToEdges_keySealedAtRest_neverAnsweredNorAudited() {
        String t = signupAndLogin("owner@upload.test");
        String id = createService(t, "shop.upload.localhost", 9);
        activate(t, id);
        TestPki.Issued leaf = TestPki.leaf(CA, Duration.ofDays(90), "shop.upload.localhost", "other.example");

        Map<?, ?> created = upload(t, id, leaf.chainPem(), leaf.keyPem()).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(created.get("status")).isEqualTo("active");
        assertThat(created.get("served")).isEqualTo(List.of("shop.upload.localhost"));
        assertThat(created.get("source")).isEqualTo("upload");
        assertThat(created.containsKey("key")).isFalse();
        String certificateId = (String) created.get("id");
        String listed = web.get().uri("/v1/services/" + id + "/certificates").headers(h -> h.setBearerAuth(t))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(certificateId).doesNotContain("PRIVATE KEY");
        web.get().uri("/v1/services/" + id + "/certificates/" + certificateId).headers(h -> h.setBearerAuth(t))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.notAfter").exists();

        byte[] sealed = db.sql("SELECT key_sealed FROM certificates WHERE id = :id::uuid").bind("id", certificateId)
                .map((row, meta) -> {
                    ByteBuffer b = row.get("key_sealed", ByteBuffer.class);
                    byte[] out = new byte[b.remaining()];
                    b.get(out);
                    return out;
                }).one().block(Duration.ofSeconds(10));
        byte[] der = leaf.key().getEncoded();
        assertThat(indexOf(sealed, java.util.Arrays.copyOfRange(der, der.length - 32, der.length)))
                .as("the key's bytes do not appear in the stored row").isNegative();
        String audit = web.get().uri("/v1/audit").headers(h -> h.setBearerAuth(t)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(audit).contains("certificate.upload").doesNotContain("PRIVATE KEY");
        assertThat(db.sql("SELECT count(*) AS n FROM edge_events WHERE kind = 'certificates' AND service_id = :id::uuid")
                .bind("id", id).map((row, meta) -> row.get("n", Long.class)).one().block()).isEqualTo(1L);

        EdgeCertificates edge = edgeSet();
        assertThat(edge.certificates()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(certificateId);
            assertThat(c.names()).containsExactly("shop.upload.localhost");
            assertThat(c.key()).isEqualTo(leaf.keyPem());
        });
    }

    @Test
    void upload_badInput_isRefusedNamingTheField_andNothingIsStored() {
        String t = signupAndLogin("owner@refused.test");
        String id = createService(t, "shop.refused.localhost", 9);
        TestPki.Issued good = TestPki.leaf(CA, Duration.ofDays(90), "shop.refused.localhost");
        TestPki.Issued otherKey = TestPki.leaf(CA, Duration.ofDays(90), "shop.refused.localhost");
        TestPki.Issued expired = TestPki.leaf(CA, Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1)), "shop.refused.localhost");
        TestPki.Issued elsewhere = TestPki.leaf(CA, Duration.ofDays(90), "shop.elsewhere.localhost");
        TestPki.Issued intermediate = TestPki.leaf(CA, Duration.ofDays(90), "unused.localhost");
        String reversed = pemOf(CA.chain().get(0)) + pemOf(good.certificate());

        record Case(String chain, String key, String field, String says) {
        }
        List<Case> cases = List.of(
                new Case(good.chainPem(), otherKey.keyPem(), "key", "does not belong"),
                new Case("not a certificate", good.keyPem(), "chain", "does not parse"),
                new Case(reversed, good.keyPem(), "chain", "not signed by chain[1]"),
                new Case(pemOf(good.certificate()) + pemOf(intermediate.certificate()), good.keyPem(), "chain",
                        "not signed by chain[1]"),
                new Case(expired.chainPem(), expired.keyPem(), "chain", "expired"),
                new Case(elsewhere.chainPem(), elsewhere.keyPem(), "chain", "cover none"),
                new Case(good.chainPem(), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
                        "key", "PKCS#8"),
                new Case(good.chainPem(), null, "key", "required"),
                new Case(null, good.keyPem(), "chain", "required"));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Map<?, ?> problem = upload(t, id, c.chain(), c.key()).expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(Map.class).returnResult().getResponseBody();
            List<?> errors = (List<?>) problem.get("errors");
            boolean named = errors.stream().map(e -> (Map<?, ?>) e).anyMatch(e -> e.get("field").equals(c.field())
                    && ((String) e.get("message")).contains(c.says()));
            if (!named) {
                wrong.add(c.field() + " '" + c.says() + "': got " + errors);
            }
            if (c.key() != null && c.key().lines().count() > 2) {
                assertThat(problem.toString()).as("the key is never echoed").doesNotContain(c.key().lines().toList().get(1));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(list(t, id)).isEmpty();
        assertThat(db.sql("SELECT count(*) AS n FROM certificates WHERE service_id = :id::uuid").bind("id", id)
                .map((row, meta) -> row.get("n", Long.class)).one().block()).isZero();
    }

    @Test
    void delete_removesTheCertificate_fromTheApiAndTheEdges_andIsAudited() {
        String t = signupAndLogin("owner@delete.test");
        String id = createService(t, "shop.delete.localhost", 9);
        activate(t, id);
        TestPki.Issued leaf = TestPki.leaf(CA, Duration.ofDays(90), "*.delete.localhost");
        String certificateId = (String) upload(t, id, leaf.chainPem(), leaf.keyPem()).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        assertThat(edgeSet().certificates()).extracting(EdgeCertificates.Certificate::id).contains(certificateId);

        web.delete().uri("/v1/services/" + id + "/certificates/" + certificateId).headers(h -> h.setBearerAuth(t))
                .exchange().expectStatus().isNoContent();

        assertThat(list(t, id)).isEmpty();
        web.get().uri("/v1/services/" + id + "/certificates/" + certificateId).headers(h -> h.setBearerAuth(t))
                .exchange().expectStatus().isNotFound();
        assertThat(edgeSet().certificates()).extracting(EdgeCertificates.Certificate::id).doesNotContain(certificateId);
        assertThat(web.get().uri("/v1/audit").headers(h -> h.setBearerAuth(t)).exchange().expectBody(String.class)
                .returnResult().getResponseBody()).contains("certificate.delete");
    }

    @Test
    void anotherTenant_cannotSeeUploadToOrDeleteTheCertificates() {
        String owner = signupAndLogin("owner@isolated.test");
        String id = createService(owner, "shop.isolated.localhost", 9);
        TestPki.Issued leaf = TestPki.leaf(CA, Duration.ofDays(90), "shop.isolated.localhost");
        String certificateId = (String) upload(owner, id, leaf.chainPem(), leaf.keyPem()).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        String other = signupAndLogin("other@isolated.test");

        web.get().uri("/v1/services/" + id + "/certificates").headers(h -> h.setBearerAuth(other)).exchange()
                .expectStatus().isNotFound();
        upload(other, id, leaf.chainPem(), leaf.keyPem()).expectStatus().isNotFound();
        web.delete().uri("/v1/services/" + id + "/certificates/" + certificateId).headers(h -> h.setBearerAuth(other))
                .exchange().expectStatus().isNotFound();
        assertThat(list(owner, id)).hasSize(1);
    }

    // --- helpers ---

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec upload(String token, String id,
                                                                                          String chain, String key) {
        Map<String, String> body = new java.util.HashMap<>();
        if (chain != null) {
            body.put("chain", chain);
        }
        if (key != null) {
            body.put("key", key);
        }
        return web.post().uri("/v1/services/" + id + "/certificates").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private List<?> list(String token, String id) {
        return (List<?>) web.get().uri("/v1/services/" + id + "/certificates").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
    }

    private void activate(String token, String id) {
        web.post().uri("/v1/services/" + id + "/versions/1/activate").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk();
    }

    private EdgeCertificates edgeSet() {
        byte[] body = web.get().uri("/v1/edge/certificates").headers(h -> h.setBearerAuth(EDGE_TOKEN)).exchange()
                .expectStatus().isOk().expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(byte[].class).returnResult().getResponseBody();
        return ConfigCodec.readEdgeCertificates(body);
    }

    private static String pemOf(java.security.cert.X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64,
                    "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

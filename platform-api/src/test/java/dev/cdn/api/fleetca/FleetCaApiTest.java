package dev.cdn.api.fleetca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.cert.KeySealer;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The fleet CA: created on first need with its key sealed at rest, and issuing shields bounded certificates. */
@TestPropertySource(properties = {"cdn.certs.encryption-key=" + FleetCaApiTest.OPERATOR_KEY,
        "cdn.fleet.public-zones=cdn.localhost"})
class FleetCaApiTest extends ApiTestBase {

    static final String OPERATOR_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Autowired
    DatabaseClient db;

    private List<X509Certificate> fleetCa() {
        Map<?, ?> body = web.get().uri("/v1/edge/fleet-ca").headers(h -> h.setBearerAuth(EDGE_TOKEN)).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<X509Certificate> out = new ArrayList<>();
        for (Object pem : (List<?>) body.get("certificates")) {
            out.addAll(parse((String) pem));
        }
        return out;
    }

    private WebTestClient.ResponseSpec request(String role, Object body) {
        return web.post().uri("/v1/edge/shield-certificate").headers(h -> {
            h.setBearerAuth(EDGE_TOKEN);
            h.set("X-Edge-Id", "shield-ca-test");
            h.set("X-Edge-Role", role);
        }).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @Test
    void fleetCa_isCreatedOnFirstNeed_andItsPrivateKeyIsSealedAtRest() throws Exception {
        List<X509Certificate> cas = fleetCa();
        assertThat(cas).isNotEmpty();
        X509Certificate ca = cas.get(0);
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(fleetCa()).as("the same CA on the next call").isEqualTo(cas);

        List<Map<String, Object>> rows = db.sql("SELECT id, certificate, sealed_key FROM fleet_ca ORDER BY created_at")
                .map((row, meta) -> Map.<String, Object>of("id", row.get("id", String.class),
                        "certificate", row.get("certificate", String.class),
                        "sealed", bytes(row.get("sealed_key", ByteBuffer.class)))).all().collectList().block();
        assertThat(rows).hasSameSizeAs(cas);
        byte[] sealed = (byte[]) rows.get(0).get("sealed");
        String asText = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain("PRIVATE KEY");
        assertThat((String) rows.get(0).get("certificate")).doesNotContain("PRIVATE KEY");
        assertThat(readsAsPkcs8(sealed)).as("the stored bytes are not a usable key").isFalse();

        // Sealed with the operator key and bound to its row: it opens to the key of the published certificate.
        byte[] opened = new KeySealer(OPERATOR_KEY).open(sealed, "fleet-ca:" + rows.get(0).get("id"));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(opened));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(ca.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void shieldCertificate_verifiesAgainstThePublishedCa_forExactlyTheNamesAsked() throws Exception {
        KeyPair pair = p256();
        Map<?, ?> issued = request("shield", Map.of("publicKey", spki(pair),
                "names", List.of("shield-a-0123456789.elb.amazonaws.com", "127.0.0.1", "localhost", "::1")))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<X509Certificate> chain = parse((String) issued.get("chain"));
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getPublicKey()).isEqualTo(pair.getPublic());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        List<String> sans = leaf.getSubjectAlternativeNames().stream().map(n -> n.get(0) + ":" + n.get(1)).toList();
        assertThat(sans).containsExactly("2:shield-a-0123456789.elb.amazonaws.com", "7:127.0.0.1", "2:localhost",
                "7:0:0:0:0:0:0:0:1");
        Instant expires = Instant.parse((String) issued.get("expiresAt"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(60),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(60));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        Set<TrustAnchor> anchors = new java.util.HashSet<>();
        fleetCa().forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(leaf)), params); // throws when the leaf does not chain to the CA
    }

    @Test
    void aCaNearItsEnd_getsASuccessor_bothArePublished_andTheNewestSigns() throws Exception {
        X509Certificate old = fleetCa().get(0);
        // Within a year of its end (the column is what the rotation reads): the next need creates a successor.
        db.sql("UPDATE fleet_ca SET not_after = now() + interval '100 days'").then().block();

        List<X509Certificate> cas = fleetCa();
        assertThat(cas).hasSize(2);
        assertThat(cas.get(0)).as("the old CA stays published until it ends").isEqualTo(old);
        X509Certificate successor = cas.get(1);
        Map<?, ?> issued = request("shield", Map.of("publicKey", spki(p256()), "names", List.of("10.0.0.7")))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        X509Certificate leaf = parse((String) issued.get("chain")).get(0);
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(successor.getSubjectX500Principal());
        leaf.verify(successor.getPublicKey());
        assertThat(fleetCa()).as("no third CA: the successor is far from its end").hasSize(2);
    }

    @Test
    void shieldCertificate_refusesNamesOutsideItsBounds_namingEachField() {
        long casBefore = caRows();
        String key = spki(p256());
        String token = signupAndLogin("owner@fleetca.test");
        createService(token, "shop.fleetca.localhost", 8081);

        assertProblem(request("shield", Map.of("publicKey", key, "names", List.of("*.elb.amazonaws.com"))),
                "names[0]", "wildcard");
        assertProblem(request("shield", Map.of("publicKey", key,
                        "names", List.of("a.example", "b.example", "c.example", "d.example", "e.example", "f.example",
                                "g.example", "h.example", "i.example"))), "names", "at most 8");
        assertProblem(request("shield", Map.of("publicKey", key, "names", List.of("ok.example", "not a name"))),
                "names[1]", "DNS host name or an IP address");
        assertProblem(request("shield", Map.of("publicKey", key, "names", List.of("999.1.1.1"))),
                "names[0]", "DNS host name or an IP address");
        assertProblem(request("shield", Map.of("publicKey", key, "names", List.of("ok.example",
                "SHOP.fleetca.localhost"))), "names[1]", "tenant's domain");
        assertProblem(request("shield", Map.of("publicKey", key, "names", List.of("edge.cdn.localhost"))),
                "names[0]", "public zone");
        assertProblem(request("shield", Map.of("publicKey", key, "names", List.of())), "names", "at least one");
        assertProblem(request("shield", Map.of("publicKey", "bm90IGEga2V5", "names", List.of("ok.example"))),
                "publicKey", "P-256");
        // An edge's token calling as an edge is no shield.
        request("edge", Map.of("publicKey", key, "names", List.of("ok.example"))).expectStatus().isForbidden();
        assertThat(caRows()).as("a refused request creates nothing").isLessThanOrEqualTo(Math.max(casBefore, 1));
    }

    private long caRows() {
        return db.sql("SELECT count(*) AS n FROM fleet_ca").map((row, meta) -> row.get("n", Long.class)).one().block();
    }

    private static void assertProblem(WebTestClient.ResponseSpec response, String field, String message) {
        String body = response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"field\":\"" + field + "\"").contains(message);
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String spki(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    private static List<X509Certificate> parse(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(c -> (X509Certificate) c).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean readsAsPkcs8(byte[] bytes) {
        try {
            KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(bytes));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

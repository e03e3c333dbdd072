package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.testsupport.ScratchDirs;
import dev.cdn.testsupport.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * ACME end to end against Debian's pebble started by the test: platform-api orders a certificate for a tenant's
 * verified domain, pebble validates HTTP-01 by connecting to the real edge's plain listener (which answers from
 * what the control plane sent it), the certificate is issued, and the edge presents it by SNI with no restart. A
 * domain whose validation cannot succeed shows its failure (status, last error, next attempt) in the API.
 */
class AcmePebbleEndToEndTest {

    private static final String EDGE_TOKEN = "acme-edge-token";
    private static final String OPERATOR_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private static final TestPki.Issued DIRECTORY_CA = TestPki.authority("ACME e2e operator CA");

    private static Pebble pebble;
    private static DisposableServer origin;
    private static ConfigurableApplicationContext api;
    private static EdgeNode edge;
    private static Http http;
    private static Path state;
    private static X509Certificate operatorDefault;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Pebble.installed(), "SKIPPED: pebble is not installed (/usr/bin/pebble,"
                + " /usr/bin/pebble-challtestsrv): apt-get install pebble, or run ./cdn test, which installs it");
        state = ScratchDirs.create("cdn-acme-e2e");
        pebble = new Pebble(state.resolve("pebble"));
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.sendString(Mono.just("origin over https"))).bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, "acme-operator", "--cdn.certs.encryption-key=" + OPERATOR_KEY,
                "--cdn.certs.acme.directory-url=" + pebble.directory(),
                "--cdn.certs.acme.trust-bundle=" + pebble.trustBundle(),
                "--cdn.certs.acme.email=ops@acme.localhost",
                "--cdn.certs.acme.check-interval=500ms", "--cdn.certs.acme.retry-after=1h",
                "--cdn.certs.acme.edge-timeout=10s");
        http = new Http(TestControlPlane.port(api));
        TestPki.Issued fallback = TestPki.leaf(DIRECTORY_CA, Duration.ofDays(30), "operator.localhost");
        Path dir = Files.createDirectories(state.resolve("tls"));
        Files.writeString(dir.resolve("default.crt"), fallback.chainPem());
        Files.writeString(dir.resolve("default.key"), fallback.keyPem());
        operatorDefault = fallback.certificate();
        edge = EdgeNode.start(TestEdges.onLoopback("edge-acme", EdgeRole.EDGE, "test", TestControlPlane.uri(api),
                        EDGE_TOKEN)
                .tlsListen("127.0.0.1", 0).tlsCertDir(dir)
                .stateDir(state.resolve("edge")).build());
        pebble.start(edge.port());
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (api != null) {
            api.close();
        }
        if (origin != null) {
            origin.disposeNow();
        }
        if (pebble != null) {
            pebble.close();
        }
        ScratchDirs.deleteQuietly(state);
    }

    @Test
    void verifiedDomain_getsACertificateThroughAcme_validatedAtTheEdge_andServedBySni() {
        String token = TestTenants.signUp(http, "owner@acme-ok.test");
        String domain = "shop.acme.localhost";
        String serviceId = TestTenants.activeService(http, token, domain, List.of(domain), origin.port());

        await("an ACME certificate is active for " + domain + " (pebble log on failure below)", Duration.ofSeconds(90),
                () -> {
                    JsonNode listed = http.get("/v1/services/" + serviceId + "/certificates", token).json();
                    for (JsonNode item : listed.get("items")) {
                        if (item.get("source").asString().equals("acme") && item.get("status").asString().equals("active")) {
                            return true;
                        }
                    }
                    return false;
                });
        JsonNode listed = http.get("/v1/services/" + serviceId + "/certificates", token).json();
        assertThat(listed.get("acme").get("status").asString()).isEqualTo("issued");
        assertThat(Instant.parse(listed.get("acme").get("nextAttemptAt").asString()))
                .as("renewal is planned at two thirds of the lifetime, not now").isAfter(Instant.now().plus(Duration.ofDays(1)));

        await("the edge presents the ACME certificate for " + domain, Duration.ofSeconds(20), () -> {
            X509Certificate served = TlsProbe.presented(edge.tlsPort(), domain);
            return !served.equals(operatorDefault) && served.getIssuerX500Principal().getName().contains("Pebble");
        });
        assertThat(TlsProbe.presented(edge.tlsPort(), "other.localhost")).isEqualTo(operatorDefault);
    }

    @Test
    void validationThatCannotSucceed_isRecorded_withLastErrorAndNextAttempt() throws Exception {
        String token = TestTenants.signUp(http, "owner@acme-fail.test");
        String domain = "unreachable.acme.localhost";
        // Pebble resolves the name to an address where no edge listens: its HTTP-01 check is refused.
        pebble.aRecord(domain, "127.0.0.2");
        String serviceId = TestTenants.activeService(http, token, domain, List.of(domain), origin.port());

        await("the failed order shows in the API", Duration.ofSeconds(90), () -> {
            JsonNode acme = http.get("/v1/services/" + serviceId + "/certificates", token).json().get("acme");
            return acme != null && !acme.isNull() && "failed".equals(acme.get("status").asString());
        });
        JsonNode acme = http.get("/v1/services/" + serviceId + "/certificates", token).json().get("acme");
        assertThat(acme.get("lastError").asString()).contains(domain);
        assertThat(acme.get("attempts").asInt()).isEqualTo(1);
        assertThat(Instant.parse(acme.get("nextAttemptAt").asString())).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        assertThat(http.get("/v1/services/" + serviceId + "/certificates", token).json().get("items")).isEmpty();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, () -> "\n" + pebble.log(), condition);
    }
}

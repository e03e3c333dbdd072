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
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Certificates uploaded through the API reach a running edge over the control channel and are presented by SNI to
 * real TLS clients, beside the operator's directory pair, replaced and withdrawn without a restart.
 */
class CertificateDistributionEndToEndTest {

    private static final String EDGE_TOKEN = "certs-edge-token";
    private static final String OPERATOR_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String DOMAIN = "shop.certs.localhost";
    private static final TestPki.Issued CA = TestPki.authority("Distribution Test CA");

    private static DisposableServer origin;
    private static ConfigurableApplicationContext api;
    private static EdgeNode edge;
    private static Http http;
    private static Path state;
    private static X509Certificate operatorDefault;

    @BeforeAll
    static void start() throws Exception {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> res.sendString(Mono.just("origin says hi"))).bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, "certs-operator", "--cdn.certs.encryption-key=" + OPERATOR_KEY);
        http = new Http(TestControlPlane.port(api));
        state = ScratchDirs.create("cdn-certs-e2e");
        TestPki.Issued fallback = TestPki.leaf(CA, Duration.ofDays(30), "operator.localhost");
        Path dir = Files.createDirectories(state.resolve("tls"));
        Files.writeString(dir.resolve("default.crt"), fallback.chainPem());
        Files.writeString(dir.resolve("default.key"), fallback.keyPem());
        operatorDefault = fallback.certificate();
        edge = EdgeNode.start(TestEdges.onLoopback("edge-certs", EdgeRole.EDGE, "test", TestControlPlane.uri(api),
                        EDGE_TOKEN)
                .tlsListen("127.0.0.1", 0).tlsCertDir(dir)
                .stateDir(state.resolve("edge")).build());
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
        ScratchDirs.deleteQuietly(state);
    }

    @Test
    void uploadedCertificate_isPresentedBySni_replacedAndWithdrawn_withoutRestart() {
        String token = TestTenants.signUp(http, "owner@certs.test");
        String serviceId = TestTenants.activeService(http, token, "shop", List.of(DOMAIN), origin.port());
        await("the edge runs the service", () -> edge.configVersion(serviceId).orElse(0) == 1);
        assertThat(TlsProbe.presented(edge.tlsPort(), DOMAIN)).isEqualTo(operatorDefault);

        TestPki.Issued first = TestPki.leaf(CA, Duration.ofDays(90), DOMAIN);
        Http.Response uploaded = http.post("/v1/services/" + serviceId + "/certificates", token,
                Map.of("chain", first.chainPem(), "key", first.keyPem()));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        await("the edge presents the uploaded certificate for " + DOMAIN,
                () -> TlsProbe.presented(edge.tlsPort(), DOMAIN).equals(first.certificate()));
        assertThat(TlsProbe.presented(edge.tlsPort(), "other.localhost")).isEqualTo(operatorDefault);
        assertThat(TlsProbe.presented(edge.tlsPort(), "operator.localhost")).isEqualTo(operatorDefault);

        // A renewal: the newer certificate (later notAfter) takes over; deleting it falls back to the first.
        TestPki.Issued second = TestPki.leaf(CA, Duration.ofDays(120), DOMAIN);
        String secondId = http.post("/v1/services/" + serviceId + "/certificates", token,
                Map.of("chain", second.chainPem(), "key", second.keyPem())).json().get("id").asString();
        await("the edge presents the renewed certificate",
                () -> TlsProbe.presented(edge.tlsPort(), DOMAIN).equals(second.certificate()));
        assertThat(http.delete("/v1/services/" + serviceId + "/certificates/" + secondId, token).status())
                .isEqualTo(204);
        await("the edge is back to the first certificate",
                () -> TlsProbe.presented(edge.tlsPort(), DOMAIN).equals(first.certificate()));
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(15), () -> "", condition);
    }
}

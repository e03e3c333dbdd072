package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.upstream.ShieldTopology;
import dev.cdn.testsupport.ScratchDirs;
import dev.cdn.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * Edge to shield over TLS with certificates the control plane's fleet CA issues: a real control plane, a shield that
 * obtains and renews its certificate, and edges that verify shields against the fleet CA alone, with hostname
 * verification, failing over (never downgrading) when a shield does not verify.
 */
class ShieldTlsEndToEndTest {

    private static final String EDGE_TOKEN = "shieldtls-edge-token";
    private static final String OPERATOR_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    /** Short enough that the shield renews (at half life) within a test. */
    private static final Duration LIFETIME = Duration.ofSeconds(8);

    private static final AtomicInteger originRequests = new AtomicInteger();
    private static final AtomicInteger foreignRequests = new AtomicInteger();
    /** Makes node ids and tenants unique per call, so a rerun of a test starts fresh ones. */
    private static final AtomicInteger unique = new AtomicInteger();
    private static DisposableServer origin;
    private static DisposableServer foreignShield;
    private static ConfigurableApplicationContext api;
    private static EdgeNode shield;
    private static final List<EdgeNode> edges = new ArrayList<>();
    private static Http http;
    private static Path state;
    private static URI controlPlane;

    @BeforeAll
    static void start() throws Exception {
        origin = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    originRequests.incrementAndGet();
                    return res.header("Cache-Control", "public, max-age=300")
                            .sendString(Mono.just("origin: " + req.uri()));
                }).bindNow();
        api = TestControlPlane.start(EDGE_TOKEN, "shieldtls-operator", "--cdn.certs.encryption-key=" + OPERATOR_KEY,
                "--cdn.fleet.shield-certificate-lifetime=" + LIFETIME);
        http = new Http(TestControlPlane.port(api));
        controlPlane = URI.create("http://127.0.0.1:" + TestControlPlane.port(api));
        state = ScratchDirs.create("cdn-shieldtls-e2e");
        shield = EdgeNode.start(TestEdges.onLoopback("shield-tls", EdgeRole.SHIELD, "test", controlPlane, EDGE_TOKEN)
                .tlsListen("127.0.0.1", 0)
                .fleetCertNames(List.of("shield-tls.localhost", "127.0.0.1"))
                .stateDir(state.resolve("shield")).build());

        // A TLS server for 127.0.0.1 whose certificate another CA issued: the name matches, the issuer does not.
        TestPki.Issued otherCa = TestPki.authority("Not the fleet CA");
        KeyPair pair = ecKey();
        X509Certificate foreign = ipLeaf(otherCa, pair);
        foreignShield = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(reactor.netty.http.Http11SslContextSpec.forServer(pair.getPrivate(),
                        foreign, otherCa.certificate())))
                .handle((req, res) -> {
                    foreignRequests.incrementAndGet();
                    return res.sendString(Mono.just("not a shield"));
                }).bindNow();
        await("the shield holds its fleet certificate", () -> shield.fleetCertificate() != null);
    }

    @AfterAll
    static void stop() {
        edges.forEach(EdgeNode::close);
        if (shield != null) {
            shield.close();
        }
        if (foreignShield != null) {
            foreignShield.disposeNow();
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
    void httpsShield_verifiesAgainstTheFleetCa_andServesTheMiss() throws Exception {
        EdgeNode edge = edge("edge-tls", "local=https://127.0.0.1:" + shield.tlsPort());
        String host = service("verified");

        Http.Response miss = http.viaEdge(edge.port(), host, "/a");
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(miss.header("Cache-Status")).as("fetched through the shield").contains("shield-tls");
        assertThat(outcome(edge, "127.0.0.1:" + shield.tlsPort(), "answered")).isEqualTo(1);

        // What the shield presents (no SNI: dialled by address) chains to the published fleet CA.
        X509Certificate presented = TlsProbe.presented(shield.tlsPort(), "shield-tls.localhost");
        List<X509Certificate> cas = fleetCa();
        presented.verify(cas.get(cas.size() - 1).getPublicKey());
        assertThat(presented.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
                .containsExactly("shield-tls.localhost", "127.0.0.1");
    }

    @Test
    void shieldWithACertificateFromAnotherCa_isRefused_andTheChainMovesOnToTheNextShield() {
        EdgeNode edge = edge("edge-foreign", "eu=https://127.0.0.1:" + foreignShield.port()
                + ";us=https://127.0.0.1:" + shield.tlsPort());
        String host = service("foreign");

        Http.Response r = http.viaEdge(edge.port(), host, "/b");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Cache-Status")).as("served through the next shield").contains("shield-tls");
        assertThat(foreignRequests.get()).as("no request reached the unverified shield").isZero();
        assertThat(outcome(edge, "127.0.0.1:" + foreignShield.port(), "tls")).isEqualTo(1);
    }

    @Test
    void shieldDialledByANameItsCertificateDoesNotCarry_isRefused_neverDowngraded() {
        // The shield's certificate names shield-tls.localhost and 127.0.0.1, not localhost.
        EdgeNode edge = edge("edge-mismatch", "local=https://localhost:" + shield.tlsPort());
        String host = service("mismatch");
        int before = originRequests.get();

        Http.Response r = http.viaEdge(edge.port(), host, "/c");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Cache-Status")).as("straight from the origin, the last step").doesNotContain("shield-tls");
        assertThat(originRequests.get()).isEqualTo(before + 1);
        assertThat(outcome(edge, "localhost:" + shield.tlsPort(), "tls")).isEqualTo(1);
    }

    @Test
    void renewal_isServedFromTheNextHandshake_withoutDroppingARequest() {
        EdgeNode edge = edge("edge-renewal", "local=https://127.0.0.1:" + shield.tlsPort());
        String host = service("renewal");
        BigInteger first = shield.fleetCertificate().getSerialNumber();

        List<Integer> statuses = new ArrayList<>();
        int i = 0;
        long deadline = System.nanoTime() + LIFETIME.multipliedBy(3).toNanos();
        while (shield.fleetCertificate().getSerialNumber().equals(first) && System.nanoTime() < deadline) {
            Http.Response r = http.viaEdge(edge.port(), host, "/r/" + i++);
            statuses.add(r.status());
            assertThat(r.header("Cache-Status")).contains("shield-tls");
        }
        BigInteger renewed = shield.fleetCertificate().getSerialNumber();
        assertThat(renewed).as("renewed at half life").isNotEqualTo(first);
        // New handshakes get the renewed certificate; requests keep flowing through the shield.
        assertThat(TlsProbe.presented(shield.tlsPort(), "shield-tls.localhost").getSerialNumber()).isEqualTo(renewed);
        for (int j = 0; j < 5; j++) {
            Http.Response r = http.viaEdge(edge.port(), host, "/after/" + j);
            statuses.add(r.status());
            assertThat(r.header("Cache-Status")).contains("shield-tls");
        }
        assertThat(statuses).isNotEmpty().allMatch(s -> s == 200);
        assertThat(outcome(edge, "127.0.0.1:" + shield.tlsPort(), "tls")).isZero();
    }

    private static EdgeNode edge(String name, String shields) {
        String id = name + "-" + unique.incrementAndGet();
        EdgeNode edge = EdgeNode.start(TestEdges.onLoopback(id, EdgeRole.EDGE, "test", controlPlane, EDGE_TOKEN)
                .region(shields.substring(0, shields.indexOf('=')))
                .shields(ShieldTopology.parse(shields))
                .stateDir(state.resolve(id)).build());
        edges.add(edge);
        await(id + " trusts the fleet CA", edge::fleetCaReady);
        return edge;
    }

    /** A service on {@code <name>.shieldtls.localhost}, active on the shield and every edge. */
    private static String service(String prefix) {
        String name = prefix + unique.incrementAndGet();
        String email = name + "@shieldtls.test";
        String token = TestTenants.signUp(http, name, email);
        String host = name + ".shieldtls.localhost";
        String id = TestTenants.activeService(http, token, name, List.of(host), origin.port());
        await("every node runs " + host, () -> shield.configVersion(id).orElse(0) == 1
                && edges.stream().allMatch(e -> e.configVersion(id).orElse(0) == 1));
        return host;
    }

    private static List<X509Certificate> fleetCa() throws Exception {
        Http.Response r = http.get("/v1/edge/fleet-ca", EDGE_TOKEN);
        List<X509Certificate> out = new ArrayList<>();
        for (var pem : r.json().get("certificates")) {
            out.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem.asString().getBytes(StandardCharsets.US_ASCII))));
        }
        return out;
    }

    /** {@code edge_shield_requests_total} of one shield and outcome. */
    private static long outcome(EdgeNode edge, String shieldName, String outcome) {
        for (String line : metrics(edge).split("\n")) {
            if (line.startsWith("edge_shield_requests_total{") && line.contains("shield=\"" + shieldName + "\"")
                    && line.contains("outcome=\"" + outcome + "\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static String metrics(EdgeNode edge) {
        String text = HttpClient.create().headers(h -> h.set("Authorization", "Bearer admin"))
                .get().uri("http://127.0.0.1:" + edge.adminPort() + "/metrics")
                .responseContent().aggregate().asString().block(Duration.ofSeconds(10));
        return text == null ? "" : text;
    }

    private static X509Certificate ipLeaf(TestPki.Issued ca, KeyPair pair) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                new X500Name(ca.certificate().getSubjectX500Principal().getName()), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=127.0.0.1"), pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())));
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        return gen.generateKeyPair();
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), () -> "", condition);
    }
}

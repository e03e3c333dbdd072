package dev.cdn.edge.shieldtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.edge.support.Await;
import dev.cdn.edge.upstream.TlsFailure;
import dev.cdn.edge.support.BlockHoundSetup;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shield and edge halves of edge-to-shield TLS over real sockets, against the control plane's two routes served
 * by a stand-in CA: a shield's listener presents what {@link ShieldCertificate} obtained and renews; an edge's
 * client context from {@link FleetCa} verifies it (CA and name) and refuses anything else. BlockHound checks that no
 * handshake, trust check or renewal blocks an event loop.
 */
class ShieldTlsWireTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KeyPair caKey = ecKey();
    private final X509Certificate ca = authority(caKey);
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicLong lifetimeMs = new AtomicLong(Duration.ofDays(7).toMillis());
    private final AtomicReference<String> error = new AtomicReference<>();
    private DisposableServer controlPlane;
    private DisposableServer shieldListener;
    private ShieldCertificate shield;
    private FleetCa edge;

    @BeforeEach
    void start() {
        BlockHoundSetup.install();
        controlPlane = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .get("/v1/edge/fleet-ca", (req, res) -> res.header("Content-Type", "application/json")
                        .sendString(Mono.fromCallable(() -> JSON.writeValueAsString(Map.of("certificates",
                                List.of(pem(ca)))))))
                .post("/v1/edge/shield-certificate", (req, res) -> req.receive().aggregate().asString()
                        .publishOn(reactor.core.scheduler.Schedulers.boundedElastic())
                        .flatMap(body -> {
                            if (!"shield".equals(req.requestHeaders().get("X-Edge-Role"))) {
                                return res.status(403).send();
                            }
                            return res.header("Content-Type", "application/json")
                                    .sendString(Mono.just(issue(body))).then();
                        }))).bindNow();
    }

    @AfterEach
    void stop() {
        if (shield != null) {
            shield.close();
        }
        if (edge != null) {
            edge.close();
        }
        if (shieldListener != null) {
            shieldListener.disposeNow();
        }
        controlPlane.disposeNow();
    }

    @Test
    void shieldCertificate_verifiesWithTheFleetCa_byIpAddress_andByName() throws InterruptedException {
        startShield(List.of("localhost", "127.0.0.1"));
        startEdge();

        assertThat(get("127.0.0.1")).isEqualTo("through TLS");
        assertThat(get("localhost")).as("SNI localhost, DNS SAN").isEqualTo("through TLS");
        assertThat(shield.current().getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    }

    @Test
    void nameTheCertificateDoesNotCarry_failsTheHandshake() throws InterruptedException {
        startShield(List.of("shield-a.localhost"));
        startEdge();

        // Dialled by address: the certificate names only shield-a.localhost (RFC 6125: no IP SAN, no match).
        assertThatThrownBy(() -> get("127.0.0.1")).satisfies(e -> assertThat(TlsFailure.in(e)).isTrue());
    }

    @Test
    void beforeTheFleetCaIsFetched_nothingVerifies_notEvenTheRightShield() throws InterruptedException {
        startShield(List.of("127.0.0.1"));
        edge = new FleetCa("http://127.0.0.1:" + controlPlane.port(), "t", "edge-1", "edge"); // not started

        assertThatThrownBy(() -> get("127.0.0.1")).satisfies(e -> assertThat(TlsFailure.in(e)).isTrue());
    }

    @Test
    void renewal_isServedFromTheNextHandshake_andKeepsTheConnectionInUse() throws InterruptedException {
        lifetimeMs.set(1_500); // renewed every 750 ms
        startShield(List.of("127.0.0.1"));
        startEdge();
        HttpClient pooled = client();
        assertThat(get(pooled, "127.0.0.1")).isEqualTo("through TLS");
        BigInteger first = shield.current().getSerialNumber();

        Await.until(() -> !shield.current().getSerialNumber().equals(first));
        assertThat(get(pooled, "127.0.0.1")).as("the kept-alive connection").isEqualTo("through TLS");
        assertThat(get("127.0.0.1")).as("a new connection, new handshake").isEqualTo("through TLS");
        assertThat(issued.get()).isGreaterThanOrEqualTo(2);
        assertThat(error.get()).isNull();
    }

    private void startShield(List<String> names) throws InterruptedException {
        shield = new ShieldCertificate("http://127.0.0.1:" + controlPlane.port(), "t", "shield-1", names,
                Clock.systemUTC());
        shield.start();
        Await.until(() -> shield.current() != null);
        shieldListener = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(shield.serverContext()))
                .handle((req, res) -> res.sendString(Mono.just("through TLS"))).bindNow();
    }

    private void startEdge() throws InterruptedException {
        edge = new FleetCa("http://127.0.0.1:" + controlPlane.port(), "t", "edge-1", "edge");
        edge.start();
        Await.until(edge::ready);
    }

    private HttpClient client() {
        return HttpClient.create().secure(spec -> spec.sslContext(edge.clientContext()));
    }

    private String get(String host) {
        return get(client(), host);
    }

    private String get(HttpClient client, String host) {
        return client.get().uri("https://" + host + ":" + shieldListener.port() + "/")
                .responseSingle((res, body) -> body.asString()).block(Duration.ofSeconds(10));
    }

    /** What the control plane's issuing route does, for the test's own CA. */
    private String issue(String body) {
        try {
            Map<?, ?> request = JSON.readValue(body, Map.class);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode((String) request.get("publicKey"))));
            List<GeneralName> sans = new ArrayList<>();
            for (Object n : (List<?>) request.get("names")) {
                String name = (String) n;
                sans.add(new GeneralName(name.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            Instant now = Instant.now();
            Instant expires = now.plusMillis(lifetimeMs.get());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca,
                    BigInteger.valueOf(1000 + issued.incrementAndGet()), Date.from(now.minusSeconds(60)),
                    Date.from(expires), new X500Name("CN=shield"), key);
            b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(sans.toArray(GeneralName[]::new)));
            X509Certificate leaf = sign(b, caKey.getPrivate());
            return JSON.writeValueAsString(Map.of("chain", pem(leaf) + pem(ca), "names", request.get("names"),
                    "expiresAt", expires.toString()));
        } catch (Exception e) {
            error.set(e.toString());
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate authority(KeyPair pair) {
        try {
            X500Name name = new X500Name("CN=Test fleet CA");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minusSeconds(3600)), Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            return sign(b, pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256);
            return gen.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

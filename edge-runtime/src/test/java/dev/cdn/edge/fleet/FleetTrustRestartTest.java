package dev.cdn.edge.fleet;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.FleetCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A node restarted while the control plane is away: with a state directory it keeps presenting the credential it was
 * issued (until it expires) and, as a shield, keeps accepting the credentials edges present, from what it persisted;
 * without one (as before) it has neither. The control plane's two fleet endpoints are played by a small server here
 * (the real ones are exercised end to end in e2e's ShieldTlsEndToEndTest).
 */
class FleetTrustRestartTest {

    static final String CONTROL_PLANE_GONE = "http://127.0.0.1:9"; // discard port: nothing answers

    @TempDir
    Path stateDir;
    KeyPair fleetKey;
    DisposableServer controlPlane;
    final AtomicReference<Instant> expires = new AtomicReference<>(Instant.now().plus(Duration.ofHours(12)));

    @BeforeEach
    void setUp() throws Exception {
        fleetKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(fleetKey.getPublic().getEncoded());
        controlPlane = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.post("/v1/edge/credential", (req, res) -> res.header("Content-Type", "application/json")
                                .sendString(Mono.fromSupplier(() -> "{\"credential\":\""
                                        + FleetCredential.sign("k1", fleetKey.getPrivate(), req.requestHeaders().get("X-Edge-Id"),
                                        req.requestHeaders().get("X-Edge-Role"), expires.get())
                                        + "\",\"expiresAt\":\"" + expires.get() + "\"}")))
                        .get("/v1/edge/fleet-keys", (req, res) -> res.header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"keys\":[{\"id\":\"k1\",\"publicKey\":\"" + publicKey + "\"}]}"))))
                .bindNow();
    }

    @AfterEach
    void tearDown() {
        controlPlane.disposeNow();
    }

    /** The state file's text, or "" while it is not written yet. */
    private String persisted() {
        try {
            return Files.readString(stateDir.resolve(FleetStateFile.FILE));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private String controlPlaneUrl() {
        return "http://127.0.0.1:" + controlPlane.port();
    }

    @Test
    void restartedWithTheControlPlaneAway_keepsItsCredential_andAShieldKeepsCheckingEdges() throws Exception {
        FleetTrust first = new FleetTrust(controlPlaneUrl(), "edge-token", "edge-1", "edge", Clock.systemUTC(), stateDir);
        first.start();
        until(() -> first.credential() != null && first.ready() && persisted().contains("\"k1\"")
                && persisted().contains(first.credential()));
        String issued = first.credential();
        first.close();
        assertThat(Files.getPosixFilePermissions(stateDir.resolve(FleetStateFile.FILE)))
                .as("a bearer credential: its owner alone reads the file")
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        FleetTrust restarted = new FleetTrust(CONTROL_PLANE_GONE, "edge-token", "edge-1", "edge", Clock.systemUTC(),
                stateDir);
        restarted.start();
        assertThat(restarted.credential()).as("the persisted credential, at once").isEqualTo(issued);
        assertThat(restarted.ready()).as("the persisted keys: a shield can check edges").isTrue();
        String edgeCredential = FleetCredential.sign("k1", fleetKey.getPrivate(), "edge-2", "edge",
                Instant.now().plus(Duration.ofHours(1)));
        assertThat(restarted.refusal(edgeCredential)).isNull();
        // Signed under the same key id by a key the fleet never published: the persisted keys really check.
        String forged = FleetCredential.sign("k1", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(),
                "edge-2", "edge", Instant.now().plus(Duration.ofHours(1)));
        assertThat(restarted.refusal(forged)).isEqualTo(FleetCredential.Refusal.BAD_SIGNATURE);
        restarted.close();

        FleetTrust withoutState = new FleetTrust(CONTROL_PLANE_GONE, "edge-token", "edge-1", "edge", Clock.systemUTC());
        withoutState.start();
        assertThat(withoutState.credential()).as("nothing persisted, nothing to present").isNull();
        assertThat(withoutState.refusal(edgeCredential)).isEqualTo(FleetCredential.Refusal.NOT_READY);
        withoutState.close();
    }

    @Test
    void aPersistedCredentialPastItsExpiry_isNotPresented() throws Exception {
        FleetTrust first = new FleetTrust(controlPlaneUrl(), "edge-token", "edge-1", "edge", Clock.systemUTC(), stateDir);
        first.start();
        until(() -> first.credential() != null && Files.exists(stateDir.resolve(FleetStateFile.FILE)));
        first.close();

        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(13)), ZoneOffset.UTC);
        FleetTrust restarted = new FleetTrust(CONTROL_PLANE_GONE, "edge-token", "edge-1", "edge", later, stateDir);
        restarted.start();
        assertThat(restarted.credential()).isNull();
        restarted.close();
    }

    @Test
    void aDamagedStateFile_isIgnored_andTheControlPlaneAskedInstead() throws Exception {
        Files.writeString(stateDir.resolve(FleetStateFile.FILE), "{\"credential\":", StandardCharsets.UTF_8);
        FleetTrust node = new FleetTrust(controlPlaneUrl(), "edge-token", "edge-1", "edge", Clock.systemUTC(), stateDir);
        node.start();
        until(() -> node.credential() != null && node.ready());
        node.close();
    }
}

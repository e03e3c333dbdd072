package dev.cdn.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.config.FleetCredential;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control plane issues fleet credentials to nodes and publishes the keys that verify them. */
class FleetCredentialApiTest extends ApiTestBase {

    private Map<?, ?> issue(String nodeId, String role) {
        return web.post().uri("/v1/edge/credential").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", nodeId);
                    h.set("X-Edge-Role", role);
                }).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<String, PublicKey> keys() {
        Map<?, ?> body = web.get().uri("/v1/edge/fleet-keys").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", "verifier");
                }).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<String, PublicKey> keys = new HashMap<>();
        for (Object k : (List<?>) body.get("keys")) {
            Map<?, ?> key = (Map<?, ?>) k;
            keys.put((String) key.get("id"), FleetCredential.publicKey((String) key.get("publicKey")));
        }
        return keys;
    }

    @Test
    void aNodesCredential_verifiesWithThePublishedKeys_andNamesTheNodeAndRole() {
        Map<?, ?> issued = issue("shield-fra-1", "shield");
        Instant expires = Instant.parse((String) issued.get("expiresAt"));
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

        FleetCredential.Check check = FleetCredential.check((String) issued.get("credential"), keys()::get, Instant.now());
        assertThat(check.ok()).isTrue();
        assertThat(check.credential().node()).isEqualTo("shield-fra-1");
        assertThat(check.credential().role()).isEqualTo("shield");
        assertThat(FleetCredential.check((String) issue("edge-1", "edge").get("credential"), keys()::get, Instant.now())
                .credential().role()).isEqualTo("edge");
    }

    @Test
    void aTamperedOrExpiredCredential_isRefused() {
        String credential = (String) issue("edge-tamper", "edge").get("credential");
        String[] parts = credential.split("\\.");
        String otherPayload = (String) issue("edge-other", "shield").get("credential");
        String forged = parts[0] + "." + parts[1] + "." + otherPayload.split("\\.")[2] + "." + parts[3];
        Map<String, PublicKey> keys = keys();

        assertThat(FleetCredential.check(forged, keys::get, Instant.now()).refusal())
                .isEqualTo(FleetCredential.Refusal.BAD_SIGNATURE);
        assertThat(FleetCredential.check(credential, keys::get, Instant.now().plus(Duration.ofHours(25))).refusal())
                .isEqualTo(FleetCredential.Refusal.EXPIRED);
        assertThat(FleetCredential.check(credential, id -> null, Instant.now()).refusal())
                .isEqualTo(FleetCredential.Refusal.UNKNOWN_KEY);
        assertThat(FleetCredential.check("v1.x.y", keys::get, Instant.now()).refusal())
                .isEqualTo(FleetCredential.Refusal.MALFORMED);
    }
}

package dev.cdn.api.fleet;

import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.config.FleetCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Fleet credentials (docs/routing.md, "Fleet trust"): a node proves to a shield that it belongs to the fleet with a
 * short-lived credential the control plane signed, and shields verify it with the published keys (format:
 * {@link FleetCredential}).
 */
@RestController
class FleetCredentialController {

    /** A credential and when it expires; a node renews it at half its life. */
    record Credential(String credential, Instant expiresAt) {
    }

    record Keys(List<FleetSigningKeys.PublicKey> keys) {
    }

    private final FleetSigningKeys keys;
    private final Duration lifetime;
    private final Clock clock = Clock.systemUTC();

    FleetCredentialController(FleetSigningKeys keys,
                              @Value("${cdn.fleet.credential-lifetime:24h}") Duration lifetime) {
        this.keys = keys;
        this.lifetime = lifetime;
    }

    @PostMapping("/v1/edge/credential")
    Mono<Credential> issue(@AuthenticationPrincipal EdgePrincipal node,
                           @RequestHeader(name = "X-Edge-Role", defaultValue = "edge") String role) {
        String nodeRole = "shield".equals(role) ? "shield" : "edge";
        Instant expires = clock.instant().plus(lifetime);
        return keys.signing().publishOn(Schedulers.parallel()).map(key -> new Credential(
                FleetCredential.sign(key.id(), key.privateKey(), node.nodeId(), nodeRole, expires), expires));
    }

    @GetMapping("/v1/edge/fleet-keys")
    Mono<Keys> publicKeys() {
        return keys.published().map(Keys::new);
    }

}

package dev.cdn.api.fleetca;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.security.EdgePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The fleet CA's two routes (docs/routing.md, "Edge to shield over TLS"): {@code GET /v1/edge/fleet-ca} publishes
 * the CA certificates edges verify shields with; {@code POST /v1/edge/shield-certificate} issues a shield the
 * short-lived server certificate it presents to edges, for the names edges reach it by.
 */
@RestController
class FleetCaController {

    /** What a shield asks for: its public key (X.509 SubjectPublicKeyInfo, base64 DER, ECDSA P-256) and its names. */
    record ShieldCertificateRequest(String publicKey, List<String> names) {
    }

    /** The issued certificate, leaf first then the CA, as PEM; a shield renews at half its life. */
    record ShieldCertificate(String chain, List<String> names, Instant expiresAt) {
    }

    record FleetCa(List<String> certificates) {
    }

    private final FleetAuthority authority;
    private final DatabaseClient db;
    private final Duration lifetime;
    private final List<String> publicZones;
    private final Clock clock;

    FleetCaController(FleetAuthority authority, DatabaseClient db,
                      @Value("${cdn.fleet.shield-certificate-lifetime:7d}") Duration lifetime,
                      @Value("${cdn.fleet.public-zones:}") List<String> publicZones, Clock clock) {
        this.authority = authority;
        this.db = db;
        this.lifetime = lifetime;
        this.publicZones = publicZones.stream().map(String::trim).filter(z -> !z.isEmpty()).toList();
        this.clock = clock;
    }

    @Operation(summary = "The fleet CA certificates (PEM), oldest first: edges trust them for edge-to-shield TLS only")
    @GetMapping("/v1/edge/fleet-ca")
    Mono<ResponseEntity<FleetCa>> fleetCa() {
        return authority.published().map(certs -> ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new FleetCa(certs.stream().map(FleetX509::pem).toList())));
    }

    @Operation(summary = "Issue a shield's server certificate for the names edges reach it by (shield nodes only;"
            + " at most 8 DNS names or IP addresses, no wildcards, never a tenant's domain or the platform's zone)")
    @PostMapping("/v1/edge/shield-certificate")
    Mono<ShieldCertificate> issue(@AuthenticationPrincipal EdgePrincipal node,
                                  @RequestHeader(name = "X-Edge-Role", defaultValue = "edge") String role,
                                  @RequestBody ShieldCertificateRequest body) {
        if (!"shield".equals(role)) {
            return Mono.error(ApiException.forbidden("only a shield node is issued a shield certificate"));
        }
        List<FieldError> errors = new ArrayList<>();
        PublicKey key = ShieldPublicKey.parse(body.publicKey(), errors);
        List<ShieldNames.Name> names = ShieldNames.parse(body.names(), errors);
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.invalid(errors));
        }
        List<String> claims = names.stream().filter(n -> !n.ip())
                .flatMap(n -> ShieldNames.claimsCovering(n).stream()).toList();
        return db.sql("SELECT DISTINCT lower(name) AS name FROM domains WHERE lower(name) = ANY(:names::text[])")
                .bind("names", claims.toArray(String[]::new))
                .map((row, meta) -> row.get("name", String.class)).all().collect(java.util.stream.Collectors.toSet())
                .flatMap(tenantDomains -> {
                    for (int i = 0; i < body.names().size(); i++) {
                        ShieldNames.Refusal r = ShieldNames.refusal(names.get(i), tenantDomains, publicZones);
                        if (r != null) {
                            errors.add(new FieldError("names[" + i + "]", "'" + body.names().get(i) + "' " + r.message));
                        }
                    }
                    return errors.isEmpty() ? authority.signing() : Mono.error(ApiException.invalid(errors));
                })
                .publishOn(Schedulers.parallel())
                .map(ca -> {
                    Instant now = clock.instant();
                    Instant expires = now.plus(lifetime);
                    X509Certificate cert = FleetX509.shield(ca.certificate(), ca.key(), key, node.nodeId(),
                            names, now.minus(Duration.ofMinutes(5)), expires);
                    return new ShieldCertificate(FleetX509.pem(cert) + FleetX509.pem(ca.certificate()),
                            names.stream().map(ShieldNames.Name::value).toList(), expires);
                });
    }
}

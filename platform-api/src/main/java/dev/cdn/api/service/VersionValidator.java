package dev.cdn.api.service;

import dev.cdn.api.domain.DomainClaims;
import dev.cdn.api.error.FieldError;
import dev.cdn.config.ConfigValidator;
import dev.cdn.config.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Everything activation would refuse about a version, reported at once: config-model validation, origins in
 * private networks, and domains another service of the tenant holds or another tenant has verified.
 */
@Component
class VersionValidator {

    private final DomainClaims claims;
    private final OriginAddressPolicy originPolicy;

    VersionValidator(DomainClaims claims, OriginAddressPolicy originPolicy) {
        this.claims = claims;
        this.originPolicy = originPolicy;
    }

    Mono<List<FieldError>> problems(UUID tenantId, UUID serviceId, ServiceConfig config) {
        List<FieldError> errors = new ArrayList<>();
        ConfigValidator.validate(config).stream()
                .filter(v -> !v.field().equals("id") && !v.field().equals("version"))
                .forEach(v -> errors.add(new FieldError(v.field(), v.message())));
        return originPolicy.check(config.origins(), "origins").zipWith(
                claims.conflicts(tenantId, serviceId, config.domains()), (ssrf, conflicts) -> {
            errors.addAll(ssrf);
            errors.addAll(conflicts);
            return errors;
        });
    }
}

package dev.cdn.api.service;

import dev.cdn.api.error.FieldError;
import dev.cdn.config.ConfigValidator;
import dev.cdn.config.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Everything activation would refuse about a version, reported at once: config-model validation, origins in
 * private networks, and domains held by other services.
 */
@Component
class VersionValidator {

    private final DatabaseClient db;
    private final OriginAddressPolicy originPolicy;

    VersionValidator(DatabaseClient db, OriginAddressPolicy originPolicy) {
        this.db = db;
        this.originPolicy = originPolicy;
    }

    Mono<List<FieldError>> problems(UUID serviceId, ServiceConfig config) {
        List<FieldError> errors = new ArrayList<>();
        ConfigValidator.validate(config).stream()
                .filter(v -> !v.field().equals("id") && !v.field().equals("version"))
                .forEach(v -> errors.add(new FieldError(v.field(), v.message())));
        Mono<List<String>> taken = config.domains().isEmpty() ? Mono.just(List.of())
                : db.sql("SELECT name FROM domains WHERE name = ANY(:names) AND service_id <> :id")
                        .bind("names", config.domains().toArray(String[]::new)).bind("id", serviceId)
                        .map((row, meta) -> row.get("name", String.class)).all().collectList();
        return originPolicy.check(config.origins(), "origins").zipWith(taken, (ssrf, conflicts) -> {
            errors.addAll(ssrf);
            for (int i = 0; i < config.domains().size(); i++) {
                if (conflicts.contains(config.domains().get(i))) {
                    errors.add(new FieldError("domains[" + i + "]",
                            "'" + config.domains().get(i) + "' is already used by another service"));
                }
            }
            return errors;
        });
    }
}

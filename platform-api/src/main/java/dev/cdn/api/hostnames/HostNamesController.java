package dev.cdn.api.hostnames;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Operator endpoint: the host names the edges serve, for the GeoDNS responder (geodns module) to answer. A name is
 * listed while its claim is verified and its service is live with an active version: exactly the names an edge
 * routes (activation publishes only verified domains).
 */
@RestController
class HostNamesController {

    /** One served host name and the service it routes to. */
    record HostName(String name, UUID serviceId) {
    }

    private final DatabaseClient db;

    HostNamesController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/v1/hostnames")
    @Operation(summary = "List the host names the edges serve (verified domains of live, active services)")
    Mono<Map<String, Object>> hostNames() {
        return db.sql("""
                        SELECT d.name, d.service_id FROM domains d JOIN services s ON s.id = d.service_id
                        WHERE d.state = 'verified' AND s.deleted_at IS NULL AND s.active_version IS NOT NULL
                        ORDER BY d.name""")
                .map((row, meta) -> new HostName(row.get("name", String.class), row.get("service_id", UUID.class)))
                .all().collectList().map(items -> Map.of("items", items));
    }
}

package dev.cdn.api.logs;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.api.ssrf.AddressPolicy;
import dev.cdn.api.ssrf.HostLookup;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Configures delivery of a service's access records to the tenant's HTTP endpoint (docs/observability.md). */
@RestController
class LogDeliveryController {

    static final int DEFAULT_BATCH = 100;

    private final DatabaseClient db;
    private final AddressPolicy policy;
    private final HostLookup lookup;
    private final LogDeliveries deliveries;
    private final AuditLog audit;

    LogDeliveryController(DatabaseClient db, AddressPolicy policy, HostLookup lookup, LogDeliveries deliveries,
                          AuditLog audit) {
        this.db = db;
        this.policy = policy;
        this.lookup = lookup;
        this.deliveries = deliveries;
        this.audit = audit;
    }

    /** Body of {@code PUT}: the endpoint, and how many records go in one batch (1 to 1,000; default 100). */
    record Settings(String url, Integer batchRecords) {
    }

    @Operation(summary = "Deliver the service's access records to an HTTP endpoint in NDJSON batches", description = """
            The URL must be http or https, and every address its host resolves to must be public (the platform's
            SSRF rule; an operator can allow private ones). Replaces any earlier endpoint.""")
    @PutMapping("/v1/services/{id}/log-delivery")
    Mono<Map<String, Object>> put(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id,
                                  @RequestBody Settings body) {
        caller.requireService(id);
        int batch = body.batchRecords() == null ? DEFAULT_BATCH : body.batchRecords();
        new Validation().require(batch >= 1 && batch <= EdgeLogController.MAX_BATCH, "batchRecords",
                "must be between 1 and " + EdgeLogController.MAX_BATCH).throwIfInvalid();
        DeliveryEndpoint endpoint = DeliveryEndpoint.parse(body.url());
        return owned(caller, id)
                .then(endpoint.resolve(policy, lookup))
                .then(db.sql("""
                                INSERT INTO log_deliveries (service_id, url, batch_records) VALUES (:id, :url, :batch)
                                ON CONFLICT (service_id) DO UPDATE SET url = :url, batch_records = :batch,
                                    updated_at = now()""")
                        .bind("id", id).bind("url", body.url()).bind("batch", batch).then())
                .then(audit.record(caller, "log-delivery.set", "service", id.toString(), null,
                        Map.of("url", body.url(), "batchRecords", batch)))
                .then(deliveries.refresh())
                .then(Mono.fromSupplier(() -> view(id, body.url(), batch)));
    }

    @GetMapping("/v1/services/{id}/log-delivery")
    Mono<Map<String, Object>> get(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        caller.requireService(id);
        return owned(caller, id).then(db.sql("SELECT url, batch_records FROM log_deliveries WHERE service_id = :id")
                        .bind("id", id)
                        .map((row, meta) -> view(id, row.get("url", String.class), row.get("batch_records", Integer.class)))
                        .one())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("log delivery of service " + id)));
    }

    @DeleteMapping("/v1/services/{id}/log-delivery")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@AuthenticationPrincipal TenantPrincipal caller, @PathVariable UUID id) {
        caller.requireService(id);
        return owned(caller, id)
                .then(db.sql("DELETE FROM log_deliveries WHERE service_id = :id").bind("id", id).fetch().rowsUpdated())
                .flatMap(n -> n == 0 ? Mono.error(ApiException.notFound("log delivery of service " + id))
                        : audit.record(caller, "log-delivery.delete", "service", id.toString(), null, null))
                .then(deliveries.refresh());
    }

    private Mono<Void> owned(TenantPrincipal caller, UUID id) {
        return db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                .bind("id", id).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + id)))
                .then();
    }

    private Map<String, Object> view(UUID id, String url, int batch) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("batchRecords", batch);
        deliveries.status(id.toString()).ifPresent(q -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("deliveredRecords", q.delivered.get());
            status.put("deliveredBatches", q.batches.get());
            status.put("droppedRecords", q.dropped.get());
            status.put("retries", q.retries.get());
            status.put("queuedRecords", q.size());
            status.put("lastDeliveredAt", q.lastDeliveredAt);
            status.put("lastError", q.lastError);
            status.put("lastErrorAt", q.lastErrorAt);
            out.put("status", status);
        });
        return out;
    }
}

package dev.cdn.api.alert;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.api.security.TokenSecrets;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Stores a tenant's alert rules per service: each change checked first (nothing half-stored), written with its
 * audit entry in one transaction. Webhook secrets are made here and shown once.
 */
@Service
class AlertRules {

    /** Rules per service at most: every rule is evaluated on every pass. */
    static final int MAX_PER_SERVICE = 50;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AuditLog audit;
    private final WebhookAddress webhooks;
    private final EmailSender mail;

    AlertRules(DatabaseClient db, TransactionalOperator tx, AuditLog audit, WebhookAddress webhooks, EmailSender mail) {
        this.db = db;
        this.tx = tx;
        this.audit = audit;
        this.webhooks = webhooks;
        this.mail = mail;
    }

    Mono<List<AlertRuleView>> list(TenantPrincipal caller, UUID serviceId) {
        return requireService(caller, serviceId)
                .thenMany(db.sql("SELECT * FROM alert_rules WHERE tenant_id = :tenant AND service_id = :service"
                                + " ORDER BY created_at, id")
                        .bind("tenant", caller.tenantId()).bind("service", serviceId)
                        .map((row, meta) -> view(row)).all())
                .collectList();
    }

    Mono<AlertRuleView> get(TenantPrincipal caller, UUID serviceId, UUID ruleId) {
        return requireService(caller, serviceId).then(find(caller, serviceId, ruleId));
    }

    Mono<AlertRuleView> create(TenantPrincipal caller, UUID serviceId, AlertRuleRequest request) {
        return requireService(caller, serviceId).then(checked(request)).flatMap(rule -> {
            UUID id = UUID.randomUUID();
            String secret = rule.webhookUrl() == null ? null : TokenSecrets.newSecret("w");
            return db.sql("SELECT count(*) AS n FROM alert_rules WHERE service_id = :service")
                    .bind("service", serviceId).map((row, meta) -> row.get("n", Long.class)).one()
                    .flatMap(n -> n >= MAX_PER_SERVICE
                            ? Mono.error(ApiException.conflict("a service has at most " + MAX_PER_SERVICE
                            + " alert rules", List.of()))
                            : bind(db.sql("""
                                    INSERT INTO alert_rules (id, tenant_id, service_id, name, kind, threshold,
                                        window_seconds, enabled, webhook_url, webhook_secret, emails)
                                    VALUES (:id, :tenant, :service, :name, :kind, :threshold, :window, :enabled,
                                        :url, :secret, :emails)"""), rule, secret)
                            .bind("id", id).bind("tenant", caller.tenantId()).bind("service", serviceId)
                            .then())
                    .then(Mono.defer(() -> find(caller, serviceId, id)))
                    .flatMap(view -> audit.record(caller, "alert.create", "alert", id.toString(), null, view)
                            .thenReturn(view.withSecret(secret)))
                    .as(tx::transactional);
        });
    }

    /** Replaces a rule's settings; its state and history stay. A webhook added now gets a secret, shown once. */
    Mono<AlertRuleView> update(TenantPrincipal caller, UUID serviceId, UUID ruleId, AlertRuleRequest request) {
        return requireService(caller, serviceId).then(checked(request)).flatMap(rule ->
                find(caller, serviceId, ruleId).flatMap(before -> {
                    String secret = rule.webhookUrl() != null && before.webhookUrl() == null
                            ? TokenSecrets.newSecret("w") : null;
                    return bind(db.sql("""
                                    UPDATE alert_rules SET name = :name, kind = :kind, threshold = :threshold,
                                        window_seconds = :window, enabled = :enabled, webhook_url = :url,
                                        webhook_secret = CASE WHEN :url::text IS NULL THEN NULL
                                                              ELSE coalesce(webhook_secret, :secret) END,
                                        emails = :emails, revision = revision + 1, updated_at = now(),
                                        -- A rule whose condition changed, or that was switched off, is judged afresh.
                                        state = CASE WHEN kind = :kind AND :enabled THEN state ELSE 'resolved' END
                                    WHERE id = :id AND tenant_id = :tenant AND service_id = :service"""), rule, secret)
                            .bind("id", ruleId).bind("tenant", caller.tenantId()).bind("service", serviceId)
                            .then()
                            .then(Mono.defer(() -> find(caller, serviceId, ruleId)))
                            .flatMap(after -> audit.record(caller, "alert.update", "alert", ruleId.toString(),
                                    before, after).thenReturn(secret == null ? after : after.withSecret(secret)))
                            .as(tx::transactional);
                }));
    }

    Mono<Void> delete(TenantPrincipal caller, UUID serviceId, UUID ruleId) {
        return requireService(caller, serviceId).then(find(caller, serviceId, ruleId)).flatMap(before ->
                db.sql("DELETE FROM alert_rules WHERE id = :id AND tenant_id = :tenant")
                        .bind("id", ruleId).bind("tenant", caller.tenantId()).then()
                        .then(audit.record(caller, "alert.delete", "alert", ruleId.toString(), before, null))
                        .as(tx::transactional));
    }

    /** Checks the body (every field, then the webhook's address); 400 naming each bad field. */
    private Mono<AlertRule> checked(AlertRuleRequest request) {
        if (request == null) {
            return Mono.error(ApiException.invalid("body", "is required"));
        }
        Validation v = new Validation();
        AlertRule rule = AlertRuleValidator.check(request, mail.configured(), v);
        v.throwIfInvalid();
        if (rule.webhookUrl() == null) {
            return Mono.just(rule);
        }
        return webhooks.refusal(rule.webhookUrl()).map(refusal -> {
            refusal.ifPresent(reason -> {
                throw ApiException.invalid("webhookUrl", reason);
            });
            return rule;
        });
    }

    private Mono<Void> requireService(TenantPrincipal caller, UUID serviceId) {
        return Mono.fromRunnable(() -> caller.requireService(serviceId))
                .then(db.sql("SELECT 1 FROM services WHERE id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                        .bind("id", serviceId).bind("tenant", caller.tenantId()).map((row, meta) -> 1).one())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("service " + serviceId)))
                .then();
    }

    private Mono<AlertRuleView> find(TenantPrincipal caller, UUID serviceId, UUID ruleId) {
        return db.sql("SELECT * FROM alert_rules WHERE id = :id AND tenant_id = :tenant AND service_id = :service")
                .bind("id", ruleId).bind("tenant", caller.tenantId()).bind("service", serviceId)
                .map((row, meta) -> view(row)).one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("alert rule " + ruleId)));
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, AlertRule rule,
                                                          String secret) {
        spec = secret == null ? spec.bindNull("secret", String.class) : spec.bind("secret", secret);
        spec = spec.bind("name", rule.name()).bind("kind", rule.kind().wireName())
                .bind("window", rule.windowSeconds()).bind("enabled", rule.enabled())
                .bind("emails", rule.emails().toArray(String[]::new));
        spec = rule.threshold() == null ? spec.bindNull("threshold", Double.class)
                : spec.bind("threshold", rule.threshold());
        return rule.webhookUrl() == null ? spec.bindNull("url", String.class) : spec.bind("url", rule.webhookUrl());
    }

    static AlertRuleView view(Readable row) {
        return new AlertRuleView(row.get("id", UUID.class), row.get("service_id", UUID.class),
                row.get("name", String.class), row.get("kind", String.class), row.get("threshold", Double.class),
                row.get("window_seconds", Integer.class), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                row.get("webhook_url", String.class), null,
                Arrays.asList(row.get("emails", String[].class)), row.get("state", String.class),
                instant(row, "state_since"), row.get("last_value", Double.class), instant(row, "evaluated_at"),
                instant(row, "created_at"), instant(row, "updated_at"));
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

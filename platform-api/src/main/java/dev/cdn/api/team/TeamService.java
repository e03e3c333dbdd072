package dev.cdn.api.team;

import dev.cdn.api.audit.AuditLog;
import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import dev.cdn.api.error.Validation;
import dev.cdn.api.etag.EntityTags;
import dev.cdn.api.security.CredentialCache;
import dev.cdn.api.security.TenantPrincipal;
import dev.cdn.api.security.TokenSecrets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Users, roles and invitations. Owners and admins invite; only owners change roles or remove users, and a tenant
 * always keeps at least one owner.
 */
@Service
class TeamService {

    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    private static final Set<String> ROLES = Set.of("owner", "admin", "member");

    /** {@code etag} is the value of the {@code ETag} header of {@code GET /v1/users/{id}}. */
    record User(UUID id, String email, String role, Instant createdAt, String etag) {
    }

    record RoleChange(String role) {
    }

    record InviteRequest(String email, String role) {
    }

    record AcceptRequest(String password) {
    }

    /** {@code link} and {@code token} are present only in the answer to the invitation's creation. */
    record Invitation(UUID id, String email, String role, Instant expiresAt, Instant acceptedAt, String link, String token) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final CredentialCache credentials;

    TeamService(DatabaseClient db, TransactionalOperator tx, PasswordEncoder encoder, AuditLog audit,
                CredentialCache credentials) {
        this.credentials = credentials;
        this.db = db;
        this.tx = tx;
        this.encoder = encoder;
        this.audit = audit;
    }

    Flux<User> users(TenantPrincipal caller) {
        return db.sql("SELECT id, email, role, created_at, revision FROM users WHERE tenant_id = :tenant ORDER BY created_at")
                .bind("tenant", caller.tenantId())
                .map((row, meta) -> toUser(row))
                .all();
    }

    Mono<User> get(TenantPrincipal caller, UUID userId) {
        return user(caller, userId);
    }

    /** {@code ifMatch}, when sent, must name the user's current ETag; it is compared under the user's row lock. */
    Mono<User> changeRole(TenantPrincipal caller, UUID userId, RoleChange body, String ifMatch) {
        new Validation().require(body.role() != null && ROLES.contains(body.role()), "role",
                "must be one of owner, admin, member").throwIfInvalid();
        return locked(caller, userId, ifMatch).flatMap(before -> ownersAfter(caller, userId, body.role())
                        .then(db.sql("""
                                        UPDATE users SET role = :role, revision = revision + 1
                                        WHERE id = :id AND tenant_id = :tenant""")
                                .bind("role", body.role()).bind("id", userId).bind("tenant", caller.tenantId()).then())
                        .then(audit.record(caller, "user.role", "user", userId.toString(),
                                Map.of("role", before.role()), Map.of("role", body.role())))
                        .then(user(caller, userId)))
                .as(tx::transactional)
                .doOnSuccess(v -> credentials.invalidateAll());
    }

    Mono<Void> remove(TenantPrincipal caller, UUID userId, String ifMatch) {
        return locked(caller, userId, ifMatch).flatMap(before -> ownersAfter(caller, userId, "removed")
                        .then(db.sql("DELETE FROM users WHERE id = :id AND tenant_id = :tenant")
                                .bind("id", userId).bind("tenant", caller.tenantId()).then())
                        .then(audit.record(caller, "user.remove", "user", userId.toString(),
                                Map.of("email", before.email(), "role", before.role()), null)))
                .as(tx::transactional)
                .doOnSuccess(v -> credentials.invalidateAll());
    }

    /** Fails when the change would leave the tenant without an owner. */
    private Mono<Void> ownersAfter(TenantPrincipal caller, UUID userId, String newRole) {
        if (newRole.equals("owner")) {
            return Mono.empty();
        }
        return db.sql("SELECT count(*) AS n FROM users WHERE tenant_id = :tenant AND role = 'owner' AND id <> :id")
                .bind("tenant", caller.tenantId()).bind("id", userId)
                .map((row, meta) -> row.get("n", Long.class)).one()
                .flatMap(others -> others > 0 ? Mono.empty() : Mono.error(ApiException.conflict(
                        "a tenant must keep at least one owner", List.of(new FieldError("role",
                                "this is the team's last owner: make someone else an owner first")))));
    }

    Mono<Invitation> invite(TenantPrincipal caller, InviteRequest body) {
        new Validation().email(body.email(), "email")
                .require(body.role() != null && Set.of("admin", "member").contains(body.role()), "role",
                        "must be admin or member")
                .throwIfInvalid();
        String email = body.email().trim();
        String secret = TokenSecrets.newSecret("i");
        UUID id = UUID.randomUUID();
        Instant expires = Instant.now().plus(INVITATION_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        return refuseTakenAddress(caller, email).then(db.sql("""
                        INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at)
                        VALUES (:id, :tenant, :email, :role, :hash, :by, :expires)""")
                .bind("id", id).bind("tenant", caller.tenantId()).bind("email", email)
                .bind("role", body.role()).bind("hash", TokenSecrets.hash(secret)).bind("by", caller.actor())
                .bind("expires", expires.atOffset(ZoneOffset.UTC)).then())
                .then(audit.record(caller, "invitation.create", "invitation", id.toString(), null,
                        Map.of("email", email, "role", body.role())))
                .as(tx::transactional)
                .thenReturn(new Invitation(id, email, body.role(), expires, null, "/invitations/" + secret, secret));
    }

    /**
     * Refuses at creation what acceptance would refuse later (one account per address across the platform), and a
     * second pending invitation to the same address, so the inviter learns it now and not from the invitee.
     */
    private Mono<Void> refuseTakenAddress(TenantPrincipal caller, String email) {
        Mono<Void> account = db.sql("SELECT id, tenant_id FROM users WHERE lower(email) = lower(:email)")
                .bind("email", email)
                .map((row, meta) -> {
                    UUID user = row.get("id", UUID.class);
                    if (user.equals(caller.userId())) {
                        return "this is your own address: you are already in this team";
                    }
                    return caller.tenantId().equals(row.get("tenant_id", UUID.class))
                            ? "this address is already a member of this team"
                            : "this address already has an account; one address can belong to one team only";
                })
                .one()
                .flatMap(message -> Mono.error(ApiException.conflict("the address cannot be invited",
                        List.of(new FieldError("email", message)))));
        Mono<Void> pending = db.sql("""
                        SELECT 1 AS pending FROM invitations
                        WHERE tenant_id = :tenant AND lower(email) = lower(:email)
                          AND accepted_at IS NULL AND expires_at > now()""")
                .bind("tenant", caller.tenantId()).bind("email", email)
                .map((row, meta) -> 1).all().next()
                .flatMap(found -> Mono.error(ApiException.conflict("the address is already invited",
                        List.of(new FieldError("email",
                                "this address already has a pending invitation: resend or cancel it instead")))));
        return account.then(pending);
    }

    /** Withdraws a pending invitation: its link stops working at once. An accepted one is a member now (409). */
    Mono<Void> cancel(TenantPrincipal caller, UUID id) {
        return pendingInvitation(caller, id)
                .flatMap(invitation -> db.sql("DELETE FROM invitations WHERE id = :id AND tenant_id = :tenant")
                        .bind("id", id).bind("tenant", caller.tenantId()).then()
                        .then(audit.record(caller, "invitation.cancel", "invitation", id.toString(),
                                Map.of("email", invitation.email(), "role", invitation.role()), null)))
                .as(tx::transactional);
    }

    /**
     * Gives a pending (or expired, unaccepted) invitation a new secret and a new lifetime; the previous link stops
     * working, since only the secret's hash is kept and it is replaced.
     */
    Mono<Invitation> resend(TenantPrincipal caller, UUID id) {
        String secret = TokenSecrets.newSecret("i");
        Instant expires = Instant.now().plus(INVITATION_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        return pendingInvitation(caller, id)
                .flatMap(invitation -> db.sql("""
                                UPDATE invitations SET token_hash = :hash, expires_at = :expires
                                WHERE id = :id AND tenant_id = :tenant""")
                        .bind("hash", TokenSecrets.hash(secret)).bind("expires", expires.atOffset(ZoneOffset.UTC))
                        .bind("id", id).bind("tenant", caller.tenantId()).then()
                        .then(audit.record(caller, "invitation.resend", "invitation", id.toString(), null,
                                Map.of("email", invitation.email(), "role", invitation.role())))
                        .thenReturn(new Invitation(id, invitation.email(), invitation.role(), expires, null,
                                "/invitations/" + secret, secret)))
                .as(tx::transactional);
    }

    /** The caller's tenant's invitation under a row lock; 404 when it is not theirs, 409 when already accepted. */
    private Mono<Invitation> pendingInvitation(TenantPrincipal caller, UUID id) {
        return db.sql("""
                        SELECT id, email, role, expires_at, accepted_at FROM invitations
                        WHERE id = :id AND tenant_id = :tenant FOR UPDATE""")
                .bind("id", id).bind("tenant", caller.tenantId())
                .map((row, meta) -> toInvitation(row))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("invitation " + id)))
                .flatMap(invitation -> invitation.acceptedAt() == null ? Mono.just(invitation)
                        : Mono.error(ApiException.conflict("the invitation was already accepted",
                                List.of(new FieldError("id", "already accepted: the invitee is a member now")))));
    }

    Flux<Invitation> invitations(TenantPrincipal caller) {
        return db.sql("""
                        SELECT id, email, role, expires_at, accepted_at FROM invitations
                        WHERE tenant_id = :tenant ORDER BY created_at DESC""")
                .bind("tenant", caller.tenantId())
                .map((row, meta) -> toInvitation(row))
                .all();
    }

    private static Invitation toInvitation(io.r2dbc.spi.Readable row) {
        OffsetDateTime accepted = row.get("accepted_at", OffsetDateTime.class);
        return new Invitation(row.get("id", UUID.class), row.get("email", String.class),
                row.get("role", String.class), row.get("expires_at", OffsetDateTime.class).toInstant(),
                accepted == null ? null : accepted.toInstant(), null, null);
    }

    Mono<User> accept(String secret, AcceptRequest body) {
        new Validation().require(body.password() != null && body.password().length() >= 10
                && body.password().length() <= 128, "password", "must be 10-128 characters").throwIfInvalid();
        record Pending(UUID id, UUID tenantId, String email, String role) {
        }
        UUID userId = UUID.randomUUID();
        return db.sql("""
                        SELECT id, tenant_id, email, role FROM invitations
                        WHERE token_hash = :hash AND accepted_at IS NULL AND expires_at > now() FOR UPDATE""")
                .bind("hash", TokenSecrets.hash(secret))
                .map((row, meta) -> new Pending(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
                        row.get("email", String.class), row.get("role", String.class)))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("invitation (it may have expired or been used)")))
                .flatMap(p -> Mono.fromCallable(() -> encoder.encode(body.password()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(hash -> db.sql("""
                                        INSERT INTO users (id, tenant_id, email, password_hash, role)
                                        VALUES (:id, :tenant, :email, :hash, :role)""")
                                .bind("id", userId).bind("tenant", p.tenantId()).bind("email", p.email())
                                .bind("hash", hash).bind("role", p.role()).then())
                        .then(db.sql("UPDATE invitations SET accepted_at = now() WHERE id = :id").bind("id", p.id()).then())
                        .thenReturn(new User(userId, p.email(), p.role(), Instant.now(), EntityTags.of(1))))
                .as(tx::transactional)
                .onErrorMap(DataIntegrityViolationException.class, e -> ApiException.conflict(
                        "an account with this email already exists",
                        List.of(new FieldError("email", "an account with this email already exists"))));
    }

    private Mono<User> user(TenantPrincipal caller, UUID userId) {
        return db.sql("SELECT id, email, role, created_at, revision FROM users WHERE id = :id AND tenant_id = :tenant")
                .bind("id", userId).bind("tenant", caller.tenantId())
                .map((row, meta) -> toUser(row))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("user " + userId)));
    }

    /** The user under a row lock held to the end of the transaction, after checking {@code ifMatch}. */
    private Mono<User> locked(TenantPrincipal caller, UUID userId, String ifMatch) {
        return db.sql("""
                        SELECT id, email, role, created_at, revision FROM users
                        WHERE id = :id AND tenant_id = :tenant FOR UPDATE""")
                .bind("id", userId).bind("tenant", caller.tenantId())
                .map((row, meta) -> toUser(row))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("user " + userId)))
                .doOnNext(user -> EntityTags.requireMatch(ifMatch, user.etag(), "user " + userId));
    }

    private static User toUser(io.r2dbc.spi.Readable row) {
        return new User(row.get("id", UUID.class), row.get("email", String.class), row.get("role", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), EntityTags.of(row.get("revision", Long.class)));
    }
}

package dev.cdn.portal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted stand-in for platform-api: the account endpoints the portal uses (signup, sessions, services list,
 * password reset, invitation acceptance), on a real socket, with an in-memory store and real
 * {@code application/problem+json} errors, so tests exercise the portal's HTTP client exactly as production does.
 */
public final class FakePlatformApi implements AutoCloseable {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private record Account(String tenantId, String tenantName, String userId, String email, String password,
            String role) {

        Account withPassword(String newPassword) {
            return new Account(tenantId, tenantName, userId, email, newPassword, role);
        }
    }

    /** A pending invitation: who is invited into which tenant. */
    private record Invite(Account inviter, String email, String role) {
    }

    /** What platform-api refuses as a new password on reset and invitation acceptance. */
    private static final int MIN_NEW_PASSWORD = 10;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Account> accountsByEmail = new ConcurrentHashMap<>();
    private final Map<String, Account> accountsByToken = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> servicesByTenant = new ConcurrentHashMap<>();
    private final Map<String, String> resetLinks = new ConcurrentHashMap<>();
    private final Map<String, String> resetEmailsByToken = new ConcurrentHashMap<>();
    private final Map<String, Invite> invitesByToken = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean outage;
    private final DisposableServer server;

    private FakePlatformApi() {
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .post("/v1/signup", this::signup)
                        .post("/v1/sessions", this::createSession)
                        .delete("/v1/sessions/current", this::deleteSession)
                        .get("/v1/services", this::listServices)
                        .post("/v1/password-resets", this::requestReset)
                        .post("/v1/password-resets/{token}", this::reset)
                        .post("/v1/invitations/{token}/accept", this::acceptInvitation))
                .bindNow(Duration.ofSeconds(10));
    }

    public static FakePlatformApi start() {
        return new FakePlatformApi();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Creates an account directly, as if someone had signed up earlier. */
    public void register(String tenantName, String email, String password) {
        Account account = new Account(UUID.randomUUID().toString(), tenantName, UUID.randomUUID().toString(),
                email, password, "owner");
        accountsByEmail.put(key(email), account);
    }

    /**
     * The path of the last reset link issued for {@code email} ({@code /password-reset/<token>}), or null; the
     * real API writes the whole link to its log, with the portal's base URL in front.
     */
    public String resetLinkOf(String email) {
        return resetLinks.get(key(email));
    }

    /** Invites {@code email} into the tenant of {@code inviterEmail}; answers the link's path, as the API does. */
    public String invite(String inviterEmail, String email, String role) {
        String token = "cdn_i_" + UUID.randomUUID().toString().replace("-", "");
        invitesByToken.put(token, new Invite(accountsByEmail.get(key(inviterEmail)), email, role));
        return "/invitations/" + token;
    }

    public boolean passwordIs(String email, String password) {
        Account account = accountsByEmail.get(key(email));
        return account != null && account.password().equals(password);
    }

    public void addService(String ownerEmail, String name, List<String> domains, Integer activeVersion,
            Integer latestVersion) {
        Account account = accountsByEmail.get(key(ownerEmail));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("id", UUID.randomUUID().toString());
        service.put("name", name);
        service.put("domains", domains);
        service.put("activeVersion", activeVersion);
        service.put("latestVersion", latestVersion);
        servicesByTenant.computeIfAbsent(account.tenantId(), id -> new CopyOnWriteArrayList<>()).add(service);
    }

    /** Expires every token of {@code email}, as the API does when a session outlives its lifetime. */
    public void expireSessionsOf(String email) {
        accountsByToken.values().removeIf(account -> account.email().equalsIgnoreCase(email));
    }

    public long activeSessionsOf(String email) {
        return accountsByToken.values().stream().filter(a -> a.email().equalsIgnoreCase(email)).count();
    }

    public boolean hasAccount(String email) {
        return accountsByEmail.containsKey(key(email));
    }

    /** While set, every endpoint answers 503, as the API does when its database is down. */
    public void setOutage(boolean outage) {
        this.outage = outage;
    }

    /** Every call received, as {@code "METHOD /path"}, oldest first. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private Publisher<Void> signup(HttpServerRequest request, HttpServerResponse response) {
        return body(request).flatMap(body -> {
            if (outage) {
                return problem(response, 503, "Service Unavailable", "The database is unavailable.", List.of());
            }
            String tenantName = text(body, "tenantName");
            String email = text(body, "email");
            String password = text(body, "password");
            List<Map<String, String>> errors = new ArrayList<>();
            if (tenantName.isBlank()) {
                errors.add(Map.of("field", "tenantName", "message", "must not be blank"));
            }
            if (!EMAIL.matcher(email).matches()) {
                errors.add(Map.of("field", "email", "message", "must be a valid email address"));
            }
            if (password.length() < 8) {
                errors.add(Map.of("field", "password", "message", "must be at least 8 characters long"));
            }
            if (!errors.isEmpty()) {
                return problem(response, 400, "Invalid request", "The request has invalid fields.", errors);
            }
            Account account = new Account(UUID.randomUUID().toString(), tenantName, UUID.randomUUID().toString(),
                    email, password, "owner");
            if (accountsByEmail.putIfAbsent(key(email), account) != null) {
                return problem(response, 409, "Conflict", "A user with email " + email + " is already registered.",
                        List.of());
            }
            return send(response, 201, Map.of(
                    "tenant", Map.of("id", account.tenantId(), "name", account.tenantName()),
                    "user", Map.of("id", account.userId(), "email", account.email(), "role", "owner")));
        });
    }

    private Publisher<Void> createSession(HttpServerRequest request, HttpServerResponse response) {
        return body(request).flatMap(body -> {
            if (outage) {
                return problem(response, 503, "Service Unavailable", "The database is unavailable.", List.of());
            }
            Account account = accountsByEmail.get(key(text(body, "email")));
            if (account == null || !account.password().equals(text(body, "password"))) {
                return problem(response, 401, "Unauthorized", "Invalid email or password.", List.of());
            }
            String token = "cdn_s_" + UUID.randomUUID().toString().replace("-", "");
            accountsByToken.put(token, account);
            return send(response, 201, Map.of(
                    "token", token,
                    "expiresAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                    "user", Map.of("id", account.userId(), "email", account.email(), "role", account.role()),
                    "tenant", Map.of("id", account.tenantId(), "name", account.tenantName())));
        });
    }

    private Publisher<Void> deleteSession(HttpServerRequest request, HttpServerResponse response) {
        record(request);
        String token = bearer(request);
        if (token == null || accountsByToken.remove(token) == null) {
            return problem(response, 401, "Unauthorized", "The token is missing, expired or revoked.", List.of());
        }
        return response.status(204).send();
    }

    private Publisher<Void> listServices(HttpServerRequest request, HttpServerResponse response) {
        record(request);
        if (outage) {
            return problem(response, 503, "Service Unavailable", "The database is unavailable.", List.of());
        }
        String token = bearer(request);
        Account account = token == null ? null : accountsByToken.get(token);
        if (account == null) {
            return problem(response, 401, "Unauthorized", "The token is missing, expired or revoked.", List.of());
        }
        return send(response, 200, Map.of("items", servicesByTenant.getOrDefault(account.tenantId(), List.of())));
    }

    private Publisher<Void> requestReset(HttpServerRequest request, HttpServerResponse response) {
        return body(request).flatMap(body -> {
            if (outage) {
                return problem(response, 503, "Service Unavailable", "The database is unavailable.", List.of());
            }
            String email = text(body, "email").strip();
            if (!EMAIL.matcher(email).matches()) {
                return problem(response, 400, "Invalid request", "The request has invalid fields.",
                        List.of(Map.of("field", "email", "message", "must be a valid email address")));
            }
            if (accountsByEmail.containsKey(key(email))) {
                String token = "cdn_r_" + UUID.randomUUID().toString().replace("-", "");
                resetEmailsByToken.put(token, key(email));
                resetLinks.put(key(email), "/password-reset/" + token);
            }
            return send(response, 202, Map.of("detail", "if an account exists for this address, a reset link has "
                    + "been issued (see the server log)"));
        });
    }

    private Publisher<Void> reset(HttpServerRequest request, HttpServerResponse response) {
        String token = request.param("token");
        return body(request).flatMap(body -> {
            String password = text(body, "password");
            if (password.length() < MIN_NEW_PASSWORD) {
                return problem(response, 400, "Invalid request", "The request has invalid fields.",
                        List.of(Map.of("field", "password", "message", "must be 10-128 characters")));
            }
            String email = resetEmailsByToken.remove(token);
            if (email == null) {
                return problem(response, 404, "Not Found",
                        "reset link (it may have expired or been used) not found", List.of());
            }
            accountsByEmail.computeIfPresent(email, (k, account) -> account.withPassword(password));
            expireSessionsOf(email);
            return response.status(204).send();
        });
    }

    private Publisher<Void> acceptInvitation(HttpServerRequest request, HttpServerResponse response) {
        String token = request.param("token");
        return body(request).flatMap(body -> {
            String password = text(body, "password");
            if (password.length() < MIN_NEW_PASSWORD) {
                return problem(response, 400, "Invalid request", "The request has invalid fields.",
                        List.of(Map.of("field", "password", "message", "must be 10-128 characters")));
            }
            Invite invite = invitesByToken.remove(token);
            if (invite == null) {
                return problem(response, 404, "Not Found",
                        "invitation (it may have expired or been used) not found", List.of());
            }
            Account account = new Account(invite.inviter().tenantId(), invite.inviter().tenantName(),
                    UUID.randomUUID().toString(), invite.email(), password, invite.role());
            if (accountsByEmail.putIfAbsent(key(invite.email()), account) != null) {
                return problem(response, 409, "Conflict", "an account with this email already exists",
                        List.of(Map.of("field", "email", "message", "an account with this email already exists")));
            }
            return send(response, 201, Map.of("id", account.userId(), "email", account.email(),
                    "role", account.role(), "createdAt", Instant.now().toString()));
        });
    }

    private Mono<Map<String, Object>> body(HttpServerRequest request) {
        record(request);
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("{}")
                .map(text -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> parsed = json.readValue(text, Map.class);
                    return parsed;
                });
    }

    private void record(HttpServerRequest request) {
        calls.add(request.method().name() + " " + request.path());
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null ? "" : value.toString();
    }

    private static String bearer(HttpServerRequest request) {
        String header = request.requestHeaders().get("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
    }

    private static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private Mono<Void> send(HttpServerResponse response, int status, Object body) {
        return response.status(status)
                .header("Content-Type", "application/json")
                .sendString(Mono.just(json.writeValueAsString(body)))
                .then();
    }

    private Mono<Void> problem(HttpServerResponse response, int status, String title, String detail,
            List<Map<String, String>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return response.status(status)
                .header("Content-Type", "application/problem+json")
                .sendString(Mono.just(json.writeValueAsString(body)))
                .then();
    }
}

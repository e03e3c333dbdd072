package dev.cdn.portal.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import dev.cdn.config.CacheRule;
import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceSettings;

/**
 * The portal's only way to reach platform-api: one typed method per endpoint, every failure mapped to a
 * {@link PlatformApiException} subtype.
 *
 * <p>The portal never reads a database; everything it shows comes through here, so the API contract lives
 * in one file.
 */
public class PlatformApiClient {

    private static final Logger log = LoggerFactory.getLogger(PlatformApiClient.class);
    private static final String VERSION = "/v1/services/{id}/versions/{n}";

    private final WebClient http;
    private final Duration deadline;

    public PlatformApiClient(PlatformApiProperties properties) {
        // Netty's response timeout only starts once the request is written; this bound covers the whole call,
        // so no page can wait on the API for ever, whatever state a pooled connection is in.
        this.deadline = properties.connectTimeout().plus(properties.responseTimeout()).plusSeconds(1);
        HttpClient netty = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
                .responseTimeout(properties.responseTimeout());
        this.http = WebClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(netty))
                .defaultHeaders(h -> h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)))
                .build();
    }

    /** {@code POST /v1/signup}: creates a tenant and its owner; 400 and 409 come back as {@link ApiProblemException}. */
    public Mono<SignupResult> signUp(SignupRequest request) {
        return http.post().uri("/v1/signup")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchangeToMono(response -> body("POST /v1/signup", response, SignupResult.class))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("POST /v1/signup", e));
    }

    /** {@code POST /v1/sessions}: exchanges credentials for a token; bad credentials are {@link ApiUnauthorizedException}. */
    public Mono<ApiSession> createSession(String email, String password) {
        return createSession(email, password, null);
    }

    /**
     * {@code POST /v1/sessions} on behalf of a browser at {@code clientAddress}, passed on in
     * {@code X-Forwarded-For} so that platform-api's per-address log-in limits count the browser, not the portal
     * (platform-api believes it when the portal is in its {@code cdn.api.trusted-proxies}).
     */
    public Mono<ApiSession> createSession(String email, String password, String clientAddress) {
        return http.post().uri("/v1/sessions")
                .headers(h -> {
                    if (clientAddress != null) {
                        h.set("X-Forwarded-For", clientAddress);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new SessionRequest(email, password))
                .exchangeToMono(response -> body("POST /v1/sessions", response, ApiSession.class))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("POST /v1/sessions", e));
    }

    /** {@code DELETE /v1/sessions/current}: revokes the token so it is useless even if it leaked. */
    public Mono<Void> deleteSession(String token) {
        return http.delete().uri("/v1/sessions/current")
                .headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody()
                        : failure("DELETE /v1/sessions/current", response).then())
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("DELETE /v1/sessions/current", e));
    }

    /** {@code GET /v1/services}: the tenant's services; an expired token is {@link ApiUnauthorizedException}. */
    public Mono<List<ServiceSummary>> listServices(String token) {
        return http.get().uri("/v1/services")
                .headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> body("GET /v1/services", response, ServicePage.class))
                .timeout(deadline)
                .map(ServicePage::items)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("GET /v1/services", e));
    }

    /** {@code POST /v1/services}: creates a service whose version 1 is a draft. */
    public Mono<ServiceSummary> createService(String token, NewService service) {
        return call("POST /v1/services", token, http.post().uri("/v1/services").bodyValue(service), ServiceSummary.class);
    }

    /** {@code GET /v1/services/{id}}: another tenant's service is a 404 {@link ApiProblemException}. */
    public Mono<ServiceSummary> getService(String token, String serviceId) {
        return call("GET /v1/services/{id}", token, http.get().uri("/v1/services/{id}", serviceId), ServiceSummary.class);
    }

    public Mono<List<VersionSummary>> listVersions(String token, String serviceId) {
        return call("GET /v1/services/{id}/versions", token, http.get().uri("/v1/services/{id}/versions", serviceId),
                new ParameterizedTypeReference<Items<VersionSummary>>() { }).map(Items::items);
    }

    public Mono<ServiceVersion> getVersion(String token, String serviceId, int number) {
        return call("GET /v1/services/{id}/versions/{n}", token,
                http.get().uri(VERSION, serviceId, number), ServiceVersion.class);
    }

    public Mono<ServiceVersion> activate(String token, String serviceId, int number) {
        return call("POST .../activate", token, http.post().uri(VERSION + "/activate", serviceId, number),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> cloneVersion(String token, String serviceId, int number) {
        return call("POST .../clone", token, http.post().uri(VERSION + "/clone", serviceId, number),
                ServiceVersion.class);
    }

    /** {@code POST .../clone} with the new draft's note (null: none). */
    public Mono<ServiceVersion> cloneVersion(String token, String serviceId, int number, String note) {
        return call("POST .../clone", token, http.post().uri(VERSION + "/clone", serviceId, number)
                .bodyValue(java.util.Collections.singletonMap("note", note)), ServiceVersion.class);
    }

    /** {@code PATCH .../versions/{n}}: a draft's note (null: none), under the rendered ETag. */
    public Mono<ServiceVersion> updateNote(String token, String serviceId, int number, String note) {
        return call("PATCH .../versions/{n}", token, http.patch().uri(VERSION, serviceId, number)
                .bodyValue(java.util.Collections.singletonMap("note", note)), ServiceVersion.class);
    }

    public Mono<ValidationReport> validate(String token, String serviceId, int number) {
        return call("POST .../validate", token, http.post().uri(VERSION + "/validate", serviceId, number),
                ValidationReport.class);
    }

    public Mono<VersionDiff> diff(String token, String serviceId, int from, int to) {
        return call("GET .../diff", token, http.get().uri(VERSION + "/diff/{b}", serviceId, from, to),
                VersionDiff.class);
    }

    /** {@code GET /v1/services/{id}/domains}: each claim's ownership state and what proves it. */
    public Mono<List<DomainClaim>> listDomains(String token, String serviceId) {
        return call("GET /v1/services/{id}/domains", token, http.get().uri("/v1/services/{id}/domains", serviceId),
                new ParameterizedTypeReference<Items<DomainClaim>>() { }).map(Items::items);
    }

    /** {@code POST /v1/services/{id}/domains/{name}/check}: checks ownership now. */
    public Mono<DomainClaim> checkDomain(String token, String serviceId, String domain) {
        return call("POST /v1/services/{id}/domains/{name}/check", token,
                http.post().uri("/v1/services/{id}/domains/{name}/check", serviceId, domain), DomainClaim.class);
    }

    public Mono<ServiceVersion> addDomain(String token, String serviceId, int number, String domain) {
        return call("POST .../domains", token,
                http.post().uri(VERSION + "/domains", serviceId, number).bodyValue(Map.of("name", domain)),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> removeDomain(String token, String serviceId, int number, String domain) {
        return call("DELETE .../domains/{name}", token,
                http.delete().uri(VERSION + "/domains/{name}", serviceId, number, domain), ServiceVersion.class);
    }

    public Mono<ServiceVersion> addOrigin(String token, String serviceId, int number, Origin origin) {
        return call("POST .../origins", token,
                http.post().uri(VERSION + "/origins", serviceId, number).bodyValue(origin), ServiceVersion.class);
    }

    public Mono<ServiceVersion> replaceOrigin(String token, String serviceId, int number, String name, Origin origin) {
        return call("PUT .../origins/{name}", token,
                http.put().uri(VERSION + "/origins/{name}", serviceId, number, name).bodyValue(origin),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> removeOrigin(String token, String serviceId, int number, String name) {
        return call("DELETE .../origins/{name}", token,
                http.delete().uri(VERSION + "/origins/{name}", serviceId, number, name), ServiceVersion.class);
    }

    /** Adds a rule at {@code position} (0 is the highest priority), or last when it is null. */
    public Mono<ServiceVersion> addRule(String token, String serviceId, int number, CacheRule rule, Integer position) {
        return call("POST .../rules", token, http.post()
                .uri(b -> {
                    b.path(VERSION + "/rules");
                    if (position != null) {
                        b.queryParam("position", position);
                    }
                    return b.build(serviceId, number);
                })
                .bodyValue(rule), ServiceVersion.class);
    }

    public Mono<ServiceVersion> replaceRule(String token, String serviceId, int number, String name, CacheRule rule) {
        return call("PUT .../rules/{name}", token,
                http.put().uri(VERSION + "/rules/{name}", serviceId, number, name).bodyValue(rule),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> removeRule(String token, String serviceId, int number, String name) {
        return call("DELETE .../rules/{name}", token,
                http.delete().uri(VERSION + "/rules/{name}", serviceId, number, name), ServiceVersion.class);
    }

    public Mono<ServiceVersion> reorderRules(String token, String serviceId, int number, List<String> names) {
        return call("PUT .../rule-order", token,
                http.put().uri(VERSION + "/rule-order", serviceId, number).bodyValue(Map.of("names", names)),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> updateSettings(String token, String serviceId, int number, ServiceSettings settings) {
        return call("PUT .../settings", token,
                http.put().uri(VERSION + "/settings", serviceId, number).bodyValue(settings), ServiceVersion.class);
    }

    /** {@code PUT .../protection}: the draft's protection as stored (signing keys without their secrets). */
    public Mono<dev.cdn.config.Protection> updateProtection(String token, String serviceId, int number,
            dev.cdn.config.Protection protection) {
        return call("PUT .../protection", token, http.put().uri(VERSION + "/protection", serviceId, number)
                .bodyValue(protection), dev.cdn.config.Protection.class);
    }

    /** {@code PUT .../logic}: replaces a draft's experiments and request/response rules. */
    public Mono<ServiceVersion> updateLogic(String token, String serviceId, int number, EdgeLogic logic) {
        return call("PUT .../logic", token,
                http.put().uri(VERSION + "/logic", serviceId, number).bodyValue(logic), ServiceVersion.class);
    }

    public Mono<Rollout> rollout(String token, String serviceId) {
        return call("GET /v1/services/{id}/rollout", token, http.get().uri("/v1/services/{id}/rollout", serviceId),
                Rollout.class);
    }

    /** {@code GET /v1/services/{id}/origins/health}: each origin's health as the edges report it. */
    public Mono<OriginHealthReport> originHealth(String token, String serviceId) {
        return call("GET /v1/services/{id}/origins/health", token,
                http.get().uri("/v1/services/{id}/origins/health", serviceId), OriginHealthReport.class);
    }

    /** {@code GET /v1/services/{id}/alerts}: the service's alert rules with their state, and the kinds of rule. */
    public Mono<AlertRules> listAlerts(String token, String serviceId) {
        return call("GET /v1/services/{id}/alerts", token, http.get().uri("/v1/services/{id}/alerts", serviceId),
                AlertRules.class);
    }

    public Mono<AlertRule> getAlert(String token, String serviceId, String ruleId) {
        return call("GET /v1/services/{id}/alerts/{ruleId}", token,
                http.get().uri("/v1/services/{id}/alerts/{ruleId}", serviceId, ruleId), AlertRule.class);
    }

    public Mono<AlertRule> createAlert(String token, String serviceId, AlertRuleRequest rule) {
        return call("POST /v1/services/{id}/alerts", token,
                http.post().uri("/v1/services/{id}/alerts", serviceId).bodyValue(rule), AlertRule.class);
    }

    public Mono<AlertRule> updateAlert(String token, String serviceId, String ruleId, AlertRuleRequest rule) {
        return call("PUT /v1/services/{id}/alerts/{ruleId}", token,
                http.put().uri("/v1/services/{id}/alerts/{ruleId}", serviceId, ruleId).bodyValue(rule),
                AlertRule.class);
    }

    public Mono<Void> deleteAlert(String token, String serviceId, String ruleId) {
        return call("DELETE /v1/services/{id}/alerts/{ruleId}", token,
                http.delete().uri("/v1/services/{id}/alerts/{ruleId}", serviceId, ruleId));
    }

    /** {@code GET /v1/services/{id}/alert-history}: the latest changes of the rules' states, newest first. */
    public Mono<List<AlertEvent>> alertHistory(String token, String serviceId, int limit) {
        return call("GET /v1/services/{id}/alert-history", token, http.get().uri(b -> b
                        .path("/v1/services/{id}/alert-history").queryParam("limit", limit).build(serviceId)),
                new ParameterizedTypeReference<Items<AlertEvent>>() { }).map(Items::items);
    }

    public Mono<Purge> purge(String token, String serviceId, PurgeRequest request) {
        return call("POST /v1/services/{id}/purge", token,
                http.post().uri("/v1/services/{id}/purge", serviceId).bodyValue(request), Purge.class);
    }

    /** {@code GET /v1/services/{id}/purges}: the service's latest purges, newest first, each with its edges. */
    public Mono<List<Purge>> listPurges(String token, String serviceId, int limit) {
        return call("GET /v1/services/{id}/purges", token, http.get().uri(b -> b.path("/v1/services/{id}/purges")
                .queryParam("limit", limit).build(serviceId)),
                new ParameterizedTypeReference<Items<Purge>>() { }).map(Items::items);
    }

    public Mono<Purge> getPurge(String token, String purgeId) {
        return call("GET /v1/purges/{id}", token, http.get().uri("/v1/purges/{id}", purgeId), Purge.class);
    }

    /** {@code GET /v1/services/{id}/stats}: buckets of {@code step} (whole minutes) between {@code from} and {@code to}. */
    public Mono<StatsSeries> stats(String token, String serviceId, Instant from, Instant to, Duration step) {
        return call("GET /v1/services/{id}/stats", token, http.get().uri(b -> b.path("/v1/services/{id}/stats")
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("step", step.toSeconds())
                .build(serviceId)), StatsSeries.class);
    }

    /** Traces one URL of a service through every connected node (the URL debugger). */
    public Mono<UrlTrace> debugUrl(String token, String serviceId, String url) {
        return call("GET /v1/services/{id}/debug", token, http.get().uri(b -> b.path("/v1/services/{id}/debug")
                .queryParam("url", "{url}")
                .build(serviceId, url)), UrlTrace.class);
    }

    /**
     * A service's live access records as the API streams them (NDJSON), passed through chunk by chunk; no deadline,
     * since the stream lasts until the reader leaves. {@code filters} are the API's query parameters.
     */
    public reactor.core.publisher.Flux<org.springframework.core.io.buffer.DataBuffer> liveLogs(String token,
            String serviceId, java.util.Map<String, String> filters) {
        return reactor.core.publisher.Flux.deferContextual(context -> authorized(http.get().uri(b -> {
                    b.path("/v1/services/{id}/logs/live");
                    filters.forEach((name, value) -> b.queryParam(name, "{" + name + "}"));
                    return b.build(java.util.stream.Stream.concat(java.util.stream.Stream.of(serviceId),
                            filters.values().stream()).toArray());
                }), token, context)
                .exchangeToFlux(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class)
                        : PlatformApiClient.<org.springframework.core.io.buffer.DataBuffer>failure(
                                "GET /v1/services/{id}/logs/live", response).flux()))
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("GET /v1/services/{id}/logs/live", e));
    }

    /** {@code GET /v1/services/{id}/stats/variants}: the service's experiment variants between the instants. */
    public Mono<VariantStats> variantStats(String token, String serviceId, Instant from, Instant to) {
        return call("GET /v1/services/{id}/stats/variants", token, http.get()
                .uri(b -> b.path("/v1/services/{id}/stats/variants")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .build(serviceId)), VariantStats.class);
    }

    /** {@code GET /v1/services/{id}/stats/top-urls}: the {@code limit} most requested paths between the instants. */
    public Mono<TopUrls> topUrls(String token, String serviceId, Instant from, Instant to, int limit) {
        return call("GET /v1/services/{id}/stats/top-urls", token, http.get()
                .uri(b -> b.path("/v1/services/{id}/stats/top-urls")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .queryParam("limit", limit)
                        .build(serviceId)), TopUrls.class);
    }

    public Mono<List<ApiToken>> listTokens(String token) {
        return call("GET /v1/tokens", token, http.get().uri("/v1/tokens"),
                new ParameterizedTypeReference<Items<ApiToken>>() { }).map(Items::items);
    }

    public Mono<CreatedToken> createToken(String token, TokenRequest request) {
        return call("POST /v1/tokens", token, http.post().uri("/v1/tokens").bodyValue(request), CreatedToken.class);
    }

    public Mono<Void> revokeToken(String token, String tokenId) {
        return call("DELETE /v1/tokens/{id}", token, http.delete().uri("/v1/tokens/{id}", tokenId));
    }

    public Mono<List<TeamMember>> listUsers(String token) {
        return call("GET /v1/users", token, http.get().uri("/v1/users"),
                new ParameterizedTypeReference<Items<TeamMember>>() { }).map(Items::items);
    }

    public Mono<TeamMember> changeRole(String token, String userId, String role) {
        return call("PATCH /v1/users/{id}", token,
                http.patch().uri("/v1/users/{id}", userId).bodyValue(Map.of("role", role)), TeamMember.class);
    }

    public Mono<Void> removeUser(String token, String userId) {
        return call("DELETE /v1/users/{id}", token, http.delete().uri("/v1/users/{id}", userId));
    }

    public Mono<List<Invitation>> listInvitations(String token) {
        return call("GET /v1/invitations", token, http.get().uri("/v1/invitations"),
                new ParameterizedTypeReference<Items<Invitation>>() { }).map(Items::items);
    }

    public Mono<Invitation> invite(String token, String email, String role) {
        return call("POST /v1/invitations", token,
                http.post().uri("/v1/invitations").bodyValue(Map.of("email", email, "role", role)), Invitation.class);
    }

    /** {@code POST /v1/origin-tests}: fetches an origin once under the platform's SSRF rule; 400 names {@code host}. */
    public Mono<OriginTest> testOrigin(String token, OriginTest.Request request) {
        return call("POST /v1/origin-tests", token, http.post().uri("/v1/origin-tests").bodyValue(request),
                OriginTest.class);
    }

    /** {@code POST /v1/invitations/{id}/resend}: a new link (answered once) and a new week; the old link dies. */
    public Mono<Invitation> resendInvitation(String token, String invitationId) {
        return call("POST /v1/invitations/{id}/resend", token,
                http.post().uri("/v1/invitations/{id}/resend", invitationId), Invitation.class);
    }

    /** {@code DELETE /v1/invitations/{id}}: the link stops working. */
    public Mono<Void> cancelInvitation(String token, String invitationId) {
        return call("DELETE /v1/invitations/{id}", token, http.delete().uri("/v1/invitations/{id}", invitationId));
    }

    /** {@code GET /v1/audit}: newest first; {@code before} is the {@code next} of the previous page, or null. */
    public Mono<AuditPage> audit(String token, int limit, Long before) {
        return audit(token, limit, before, AuditPage.Filter.NONE);
    }

    /** {@code GET /v1/audit} with filters (each null for "any"): actor, service, time range. */
    public Mono<AuditPage> audit(String token, int limit, Long before, AuditPage.Filter filter) {
        return call("GET /v1/audit", token, http.get().uri(b -> {
            b.path("/v1/audit").queryParam("limit", limit);
            if (before != null) {
                b.queryParam("before", before);
            }
            if (filter.actor() != null) {
                b.queryParam("actor", "{actor}");
            }
            if (filter.service() != null) {
                b.queryParam("service", "{service}");
            }
            if (filter.from() != null) {
                b.queryParam("from", filter.from().toString());
            }
            if (filter.to() != null) {
                b.queryParam("to", filter.to().toString());
            }
            // Typed values go in as URI variables, so they are encoded, never read as query syntax.
            java.util.Map<String, Object> values = new java.util.HashMap<>();
            values.put("actor", filter.actor());
            values.put("service", filter.service());
            return b.build(values);
        }), AuditPage.class);
    }

    /**
     * {@code POST /v1/password-resets}: asks for a reset link. The API answers 202 whether or not the address has
     * an account (it only refuses a malformed address, 400); the link goes to its log, as there is no mail server.
     */
    public Mono<Void> requestPasswordReset(String email) {
        return anonymous("POST /v1/password-resets",
                http.post().uri("/v1/password-resets").bodyValue(Map.of("email", email)));
    }

    /**
     * {@code POST /v1/password-resets/{token}}: sets a new password (204) and revokes every session of the user;
     * a refused password is a 400, an unknown, used or expired link a 404 {@link ApiProblemException}.
     */
    public Mono<Void> resetPassword(String resetToken, String password) {
        return anonymous("POST /v1/password-resets/{token}",
                http.post().uri("/v1/password-resets/{token}", resetToken).bodyValue(new PasswordRequest(password)));
    }

    /**
     * {@code POST /v1/invitations/{token}/accept}: creates the invitee's account with {@code password} (201, the
     * new user); a refused password is a 400, an unknown, used or expired link a 404, an address that already
     * has an account a 409 {@link ApiProblemException}.
     */
    public Mono<TeamMember> acceptInvitation(String invitationToken, String password) {
        String name = "POST /v1/invitations/{token}/accept";
        return http.post().uri("/v1/invitations/{token}/accept", invitationToken)
                .bodyValue(new PasswordRequest(password))
                .exchangeToMono(response -> body(name, response, TeamMember.class))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable(name, e));
    }

    /** A call made without a token (the link's secret is the credential), answered without a body. */
    private Mono<Void> anonymous(String name, WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody()
                        : PlatformApiClient.<Void>failure(name, response))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable(name, e));
    }

    private <T> Mono<T> call(String name, String token, WebClient.RequestHeadersSpec<?> request, Class<T> type) {
        return Mono.deferContextual(context -> authorized(request, token, context)
                .exchangeToMono(response -> body(name, response, type)))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable(name, e));
    }

    private <T> Mono<T> call(String name, String token, WebClient.RequestHeadersSpec<?> request,
            ParameterizedTypeReference<T> type) {
        return Mono.deferContextual(context -> authorized(request, token, context)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(type)
                        : PlatformApiClient.<T>failure(name, response)))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable(name, e));
    }

    /** A call answered without a body (204). */
    private Mono<Void> call(String name, String token, WebClient.RequestHeadersSpec<?> request) {
        return Mono.deferContextual(context -> authorized(request, token, context)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody()
                        : PlatformApiClient.<Void>failure(name, response)))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable(name, e));
    }

    /**
     * The request with the user's token, and with {@code If-Match} when the submitted page carried the ETag it was
     * rendered with ({@link RenderedEtag}): the API then refuses a change to something that changed meanwhile.
     */
    private static WebClient.RequestHeadersSpec<?> authorized(WebClient.RequestHeadersSpec<?> request, String token,
            reactor.util.context.ContextView context) {
        return request.headers(h -> {
            h.setBearerAuth(token);
            RenderedEtag.in(context).ifPresent(h::setIfMatch);
        });
    }

    /** {@code GET /v1/services/{id}/certificates}: the certificates, their status and expiry, and the ACME state. */
    public Mono<CertificateList> certificates(String token, String serviceId) {
        return call("GET /v1/services/{id}/certificates", token,
                http.get().uri("/v1/services/{id}/certificates", serviceId), CertificateList.class);
    }

    /** {@code POST /v1/services/{id}/certificates}: uploads a PEM chain and its key (checked whole by the API). */
    public Mono<CertificateList.Certificate> uploadCertificate(String token, String serviceId,
            CertificateList.Upload upload) {
        return call("POST /v1/services/{id}/certificates", token, http.post()
                .uri("/v1/services/{id}/certificates", serviceId).bodyValue(upload), CertificateList.Certificate.class);
    }

    /** {@code DELETE /v1/services/{id}/certificates/{certificateId}}: edges stop serving it. */
    public Mono<Void> deleteCertificate(String token, String serviceId, String certificateId) {
        return call("DELETE /v1/services/{id}/certificates/{certificateId}", token, http.delete()
                .uri("/v1/services/{id}/certificates/{certificateId}", serviceId, certificateId));
    }

    /** {@code GET /v1/services/{id}/origin-auth}: the header's name and fingerprint; empty when none is set. */
    public Mono<OriginAuthInfo> originAuth(String token, String serviceId) {
        return call("GET /v1/services/{id}/origin-auth", token,
                http.get().uri("/v1/services/{id}/origin-auth", serviceId), OriginAuthInfo.class)
                .onErrorResume(ApiProblemException.class, e -> e.status() == 404 ? Mono.empty() : Mono.error(e));
    }

    /** {@code PUT /v1/services/{id}/origin-auth}: sets or rotates it; a generated value is in this answer only. */
    public Mono<OriginAuthInfo> setOriginAuth(String token, String serviceId, OriginAuthInfo.Request request) {
        return call("PUT /v1/services/{id}/origin-auth", token, http.put()
                .uri("/v1/services/{id}/origin-auth", serviceId).bodyValue(request), OriginAuthInfo.class);
    }

    /** {@code DELETE /v1/services/{id}/origin-auth}. */
    public Mono<Void> deleteOriginAuth(String token, String serviceId) {
        return call("DELETE /v1/services/{id}/origin-auth", token,
                http.delete().uri("/v1/services/{id}/origin-auth", serviceId));
    }

    /** {@code POST /v1/services/{id}/debug-token}: a new token, shown once; the previous one stops working. */
    public Mono<DebugTokenInfo> newDebugToken(String token, String serviceId) {
        return call("POST /v1/services/{id}/debug-token", token,
                http.post().uri("/v1/services/{id}/debug-token", serviceId), DebugTokenInfo.class);
    }

    /** {@code DELETE /v1/services/{id}/debug-token}. */
    public Mono<Void> deleteDebugToken(String token, String serviceId) {
        return call("DELETE /v1/services/{id}/debug-token", token,
                http.delete().uri("/v1/services/{id}/debug-token", serviceId));
    }

    /** {@code DELETE /v1/services/{id}}: edges stop serving the service; its domains are free to claim again. */
    public Mono<Void> deleteService(String token, String serviceId) {
        return call("DELETE /v1/services/{id}", token, http.delete().uri("/v1/services/{id}", serviceId));
    }

    /** {@code DELETE /v1/services/{id}/versions/{n}}: discards a draft; the active version keeps serving. */
    public Mono<Void> discardDraft(String token, String serviceId, int number) {
        return call("DELETE .../versions/{n}", token, http.delete().uri(VERSION, serviceId, number));
    }

    private static <T> Mono<T> body(String name, ClientResponse response, Class<T> type) {
        if (!response.statusCode().is2xxSuccessful()) {
            return failure(name, response);
        }
        return response.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> new ApiUnavailableException(
                        "platform-api answered " + response.statusCode().value() + " without a body", null)));
    }

    /**
     * Turns a non-2xx response into the matching exception, reading the problem body when there is one. The log
     * names the call ({@code name}), not the request path: reset and invitation paths carry a secret.
     */
    private static <T> Mono<T> failure(String name, ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        if (status.is5xxServerError() || !status.is4xxClientError()) {
            // A 5xx (or an unexpected 1xx/3xx) says nothing about what the user typed: treat it as an outage.
            log.warn("platform-api answered {} to {}", status.value(), name);
            return response.releaseBody().then(Mono.error(new ApiUnavailableException(
                    "platform-api answered " + status.value(), null)));
        }
        // A proxy in front of the API may answer with HTML; a made-up problem keeps callers on one code path.
        return response.bodyToMono(ApiProblem.class)
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty(ApiProblem.ofStatus(status.value()))
                .flatMap(problem -> Mono.error(status.value() == 401
                        ? new ApiUnauthorizedException(problem)
                        : new ApiProblemException(status.value(), problem)));
    }

    private static boolean isTransportFailure(Throwable e) {
        return !(e instanceof PlatformApiException);
    }

    private static ApiUnavailableException unavailable(String call, Throwable cause) {
        log.warn("{} failed: {}", call, cause.toString());
        return new ApiUnavailableException(call + " failed: " + cause.getMessage(), cause);
    }
}

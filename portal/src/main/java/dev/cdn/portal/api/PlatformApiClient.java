package dev.cdn.portal.api;

import java.time.Duration;
import java.util.List;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The portal's only way to reach platform-api: one typed method per endpoint, every failure mapped to a
 * {@link PlatformApiException} subtype.
 *
 * <p>The portal never reads a database; everything it shows comes through here, so the API contract lives
 * in one file.
 */
public class PlatformApiClient {

    private static final Logger log = LoggerFactory.getLogger(PlatformApiClient.class);

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
                .exchangeToMono(response -> body(response, SignupResult.class))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("POST /v1/signup", e));
    }

    /** {@code POST /v1/sessions}: exchanges credentials for a token; bad credentials are {@link ApiUnauthorizedException}. */
    public Mono<ApiSession> createSession(String email, String password) {
        return http.post().uri("/v1/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new SessionRequest(email, password))
                .exchangeToMono(response -> body(response, ApiSession.class))
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("POST /v1/sessions", e));
    }

    /** {@code DELETE /v1/sessions/current}: revokes the token so it is useless even if it leaked. */
    public Mono<Void> deleteSession(String token) {
        return http.delete().uri("/v1/sessions/current")
                .headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody()
                        : failure(response).then())
                .timeout(deadline)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("DELETE /v1/sessions/current", e));
    }

    /** {@code GET /v1/services}: the tenant's services; an expired token is {@link ApiUnauthorizedException}. */
    public Mono<List<ServiceSummary>> listServices(String token) {
        return http.get().uri("/v1/services")
                .headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> body(response, ServicePage.class))
                .timeout(deadline)
                .map(ServicePage::items)
                .onErrorMap(PlatformApiClient::isTransportFailure, e -> unavailable("GET /v1/services", e));
    }

    private static <T> Mono<T> body(ClientResponse response, Class<T> type) {
        if (!response.statusCode().is2xxSuccessful()) {
            return failure(response);
        }
        return response.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> new ApiUnavailableException(
                        "platform-api answered " + response.statusCode().value() + " without a body", null)));
    }

    /** Turns a non-2xx response into the matching exception, reading the problem body when there is one. */
    private static <T> Mono<T> failure(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        if (status.is5xxServerError() || !status.is4xxClientError()) {
            // A 5xx (or an unexpected 1xx/3xx) says nothing about what the user typed: treat it as an outage.
            log.warn("platform-api answered {} to {}", status.value(), response.request().getURI().getPath());
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

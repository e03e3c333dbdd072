package dev.cdn.portal.api;

import java.time.Duration;
import java.util.List;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.ContextView;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * How every feature client reaches platform-api: one {@link WebClient} with bounded connect and response times,
 * the user's token and the rendered ETag on each call, and every failure mapped to a {@link PlatformApiException}
 * subtype (RFC 9457 problem bodies read into {@link ApiProblem}).
 *
 * <p>The portal never reads a database; everything it shows comes through the feature clients of this package
 * ({@link ServicesClient}, {@link VersionsClient}, ...), which only build requests and name them.
 */
@Component
final class PlatformApiTransport {

    private static final Logger log = LoggerFactory.getLogger(PlatformApiTransport.class);

    private final WebClient http;
    private final Duration deadline;

    PlatformApiTransport(PlatformApiProperties properties) {
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

    /** Where the feature clients build their requests; nothing is sent until one of the calls below runs it. */
    WebClient http() {
        return http;
    }

    /**
     * A call sent as built (no token added: sign-up, log-in, or a link whose secret is the credential) whose
     * answer has a body of {@code type}. {@code name} is what the log says, never the path: some paths carry a
     * secret.
     */
    <T> Mono<T> send(String name, WebClient.RequestHeadersSpec<?> request, Class<T> type) {
        return bounded(name, request.exchangeToMono(response -> body(name, response, type)));
    }

    /** A call sent as built, answered without a body. */
    Mono<Void> send(String name, WebClient.RequestHeadersSpec<?> request) {
        return bounded(name, request.exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                ? response.releaseBody()
                : PlatformApiTransport.<Void>failure(name, response)));
    }

    /** A call as the signed-in user whose answer has a body of {@code type}. */
    <T> Mono<T> call(String name, String token, WebClient.RequestHeadersSpec<?> request, Class<T> type) {
        return bounded(name, Mono.deferContextual(context -> authorized(request, token, context)
                .exchangeToMono(response -> body(name, response, type))));
    }

    /** A call as the signed-in user whose answer is a generic type (the {@link Items} envelope of list endpoints). */
    <T> Mono<T> call(String name, String token, WebClient.RequestHeadersSpec<?> request,
            ParameterizedTypeReference<T> type) {
        return bounded(name, Mono.deferContextual(context -> authorized(request, token, context)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(type)
                        : PlatformApiTransport.<T>failure(name, response))));
    }

    /** A call as the signed-in user answered without a body (204). */
    Mono<Void> call(String name, String token, WebClient.RequestHeadersSpec<?> request) {
        return bounded(name, Mono.deferContextual(context -> authorized(request, token, context)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.releaseBody()
                        : PlatformApiTransport.<Void>failure(name, response))));
    }

    /**
     * A streamed answer as the signed-in user, passed through chunk by chunk; no deadline, since the stream lasts
     * until the reader leaves.
     */
    Flux<DataBuffer> stream(String name, String token, WebClient.RequestHeadersSpec<?> request) {
        return Flux.deferContextual(context -> authorized(request, token, context)
                        .exchangeToFlux(response -> response.statusCode().is2xxSuccessful()
                                ? response.bodyToFlux(DataBuffer.class)
                                : PlatformApiTransport.<DataBuffer>failure(name, response).flux()))
                .onErrorMap(PlatformApiTransport::isTransportFailure, e -> unavailable(name, e));
    }

    private <T> Mono<T> bounded(String name, Mono<T> call) {
        return call.timeout(deadline)
                .onErrorMap(PlatformApiTransport::isTransportFailure, e -> unavailable(name, e));
    }

    /**
     * The request with the user's token, and with {@code If-Match} when the submitted page carried the ETag it was
     * rendered with ({@link RenderedEtag}): the API then refuses a change to something that changed meanwhile.
     */
    private static WebClient.RequestHeadersSpec<?> authorized(WebClient.RequestHeadersSpec<?> request, String token,
            ContextView context) {
        return request.headers(h -> {
            h.setBearerAuth(token);
            RenderedEtag.in(context).ifPresent(h::setIfMatch);
        });
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

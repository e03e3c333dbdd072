package dev.cdn.portal.api;

import java.time.Duration;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's traffic figures of a service over a time range: the series, experiment variants, top URLs. */
@Component
public class AnalyticsClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    AnalyticsClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** {@code GET /v1/services/{id}/stats}: buckets of {@code step} (whole minutes) between {@code from} and {@code to}. */
    public Mono<StatsSeries> stats(String token, String serviceId, Instant from, Instant to, Duration step) {
        return api.call("GET /v1/services/{id}/stats", token, http.get().uri(b -> b.path("/v1/services/{id}/stats")
                .queryParam("from", from.toString())
                .queryParam("to", to.toString())
                .queryParam("step", step.toSeconds())
                .build(serviceId)), StatsSeries.class);
    }

    /** {@code GET /v1/services/{id}/stats/variants}: the service's experiment variants between the instants. */
    public Mono<VariantStats> variantStats(String token, String serviceId, Instant from, Instant to) {
        return api.call("GET /v1/services/{id}/stats/variants", token, http.get()
                .uri(b -> b.path("/v1/services/{id}/stats/variants")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .build(serviceId)), VariantStats.class);
    }

    /** {@code GET /v1/services/{id}/stats/top-urls}: the {@code limit} most requested paths between the instants. */
    public Mono<TopUrls> topUrls(String token, String serviceId, Instant from, Instant to, int limit) {
        return api.call("GET /v1/services/{id}/stats/top-urls", token, http.get()
                .uri(b -> b.path("/v1/services/{id}/stats/top-urls")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .queryParam("limit", limit)
                        .build(serviceId)), TopUrls.class);
    }
}

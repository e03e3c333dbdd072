package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.beans.factory.annotation.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls whose work grows with their parameters take more of the tenant's budget, and a tenant has at most two of
 * them being worked on at once, while its cheap calls go on being served.
 */
@Import(ManualTime.class)
@TestPropertySource(properties = {"cdn.api.rate-limit.burst=100", "cdn.api.rate-limit.per-second=1",
        "cdn.api.rate-limit.refusal-delay=0s", "cdn.db.lock-timeout=60s",
        "cdn.db.statement-timeout=60s"})
class ExpensiveCallsApiTest extends ApiTestBase {

    @Autowired
    ConnectionFactory connections;

    @Autowired
    DatabaseClient db;

    @Value("${local.server.port}")
    int port;

    @Test
    void wideStatsQueriesAndLargeAuditPages_takeTokensInProportionToTheirSize() {
        String token = signupAndLogin("cost@expensive.test");
        String service = createService(token, "cost.expensive.test", 8081);
        String monthAgo = Instant.now().minus(Duration.ofDays(30)).toString();

        // 30 days at a 1920 s step: 1350 points, one token per started 100.
        web.get().uri("/v1/services/" + service + "/stats?from=" + monthAgo + "&step=1920")
                .headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "85");
        web.get().uri("/v1/audit?limit=500").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "75");
        web.get().uri("/v1/services/" + service + "/stats").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "74");
    }

    @Test
    void aThirdExpensiveCallInFlight_gets429_whileCheapCallsAreServed() {
        String token = signupAndLogin("slow@expensive.test");
        String service = createService(token, "slow.expensive.test", 8081);
        String wide = "/v1/services/" + service + "/stats?from=" + Instant.now().minus(Duration.ofDays(7)) + "&step=600";

        // A transaction holding the stats table keeps the stats queries waiting, so they stay in flight.
        Connection holder = Mono.from(connections.create()).block(Duration.ofSeconds(10));
        try {
            Mono.from(holder.beginTransaction()).block(Duration.ofSeconds(10));
            Flux.from(holder.createStatement("LOCK TABLE service_stats IN ACCESS EXCLUSIVE MODE").execute())
                    .flatMap(r -> r.getRowsUpdated()).blockLast(Duration.ofSeconds(10));

            List<CompletableFuture<Integer>> held = List.of(inFlight(token, wide), inFlight(token, wide));
            // Both wait for the lock: the tenant's two expensive places are taken.
            Flux.interval(Duration.ofMillis(20)).onBackpressureDrop().concatMap(t -> waitingForLock())
                    .takeUntil(waiting -> waiting >= 2).blockLast(Duration.ofSeconds(30));

            web.get().uri(wide).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isEqualTo(429)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("maximum of expensive API requests"));
            web.get().uri("/v1/services/" + service).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isOk();

            Mono.from(holder.rollbackTransaction()).block(Duration.ofSeconds(10));
            assertThat(held).allSatisfy(call -> assertThat(call.join()).isEqualTo(200));
            // With the places free again, the next expensive call is served.
            web.get().uri(wide).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
        } finally {
            Mono.from(holder.close()).block(Duration.ofSeconds(10));
        }
    }

    /** A call left in flight: sent over a connection of its own, answered when the stats table is free again. */
    private CompletableFuture<Integer> inFlight(String token, String uri) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    /** Stats queries waiting for the lock (the text is cut at track_activity_query_size: match its start). */
    private Mono<Long> waitingForLock() {
        return db.sql("""
                        SELECT count(*) AS waiting FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'
                          AND query LIKE '%generate_series%'""")
                .map((row, meta) -> row.get("waiting", Long.class)).one();
    }
}

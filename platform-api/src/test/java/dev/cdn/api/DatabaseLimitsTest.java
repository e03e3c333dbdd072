package dev.cdn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Every connection carries a statement timeout: a runaway statement is cut off and the pool keeps serving. */
@TestPropertySource(properties = {"cdn.db.statement-timeout=500ms", "spring.r2dbc.pool.max-size=4",
        "spring.r2dbc.pool.initial-size=1"})
class DatabaseLimitsTest extends ApiTestBase {

    @Autowired
    DatabaseClient db;

    @Test
    void endlessStatements_areCutOff_andOtherTenantsAreStillServed() {
        String other = signupAndLogin("quiet@limits.test");
        createService(other, "quiet.limits.test", 8081);

        // Twice as many endless statements as the pool has connections: without a timeout the pool is gone.
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        var runaway = Flux.range(0, 8)
                .flatMap(i -> db.sql("SELECT pg_sleep(3600)").fetch().rowsUpdated()
                        .onErrorResume(e -> {
                            errors.add(e);
                            return Mono.empty();
                        }), 8)
                .subscribeOn(Schedulers.boundedElastic())
                .then()
                .toFuture();

        web.mutate().responseTimeout(Duration.ofSeconds(20)).build()
                .get().uri("/v1/services").headers(h -> h.setBearerAuth(other)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);

        Mono.fromFuture(runaway).block(Duration.ofSeconds(20));
        assertThat(errors).hasSize(8);
        assertThat(List.copyOf(errors)).allSatisfy(e -> assertThat(e.getMessage()).containsIgnoringCase("statement timeout"));
    }

    @Test
    void lockTimeout_isSetOnEveryConnection() {
        String value = db.sql("SHOW lock_timeout").map((row, meta) -> row.get(0, String.class)).one()
                .block(Duration.ofSeconds(10));
        assertThat(value).isEqualTo("5s");
    }
}

package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.edge.metrics.TrafficStats;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.support.BlockHoundSetup;
import dev.cdn.edge.upstream.OriginHealth;
import dev.cdn.edge.upstream.OriginStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stats report against a scripted control plane on a real socket: traffic deltas and origin health. */
class StatsReporterTest {

    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    final AtomicInteger answer = new AtomicInteger(204);
    final TrafficStats traffic = new TrafficStats();
    final AtomicReference<List<OriginHealth.View>> health = new AtomicReference<>(List.of());
    final DisposableServer controlPlane;
    final StatsReporter reporter;

    StatsReporterTest() {
        BlockHoundSetup.install();
        controlPlane = HttpServer.create().host("127.0.0.1").port(0)
                .route(r -> r.post("/v1/edge/stats", (req, res) -> req.receive().aggregate().asString()
                        .doOnNext(body -> reports.add(JsonMapper.shared().readTree(body)))
                        .then(res.status(answer.get()).send())))
                .bindNow();
        // The timer never fires during a test (an hour); reports are sent with reportNow().
        reporter = new StatsReporter(traffic, health::get, "http://127.0.0.1:" + controlPlane.port(), "token",
                "edge-9", "shield", Duration.ofHours(1), Clock.fixed(T, java.time.ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        reporter.close();
        controlPlane.disposeNow(Duration.ofSeconds(5));
    }

    static OriginHealth.View view(String origin, OriginStatus status, String error, long changes) {
        return new OriginHealth.View("svc", origin, "default", status, T, T, error, error == null ? null : T, changes);
    }

    void report() {
        reporter.reportNow().block(Duration.ofSeconds(10));
    }

    @Test
    void report_carriesEveryOriginFirst_thenOnlyThoseThatChanged() {
        health.set(List.of(view("a", OriginStatus.HEALTHY, null, 1), view("b", OriginStatus.UNKNOWN, null, 0)));
        report();
        assertThat(reports).hasSize(1);
        JsonNode first = reports.get(0);
        assertThat(first.get("nodeId").asString()).isEqualTo("edge-9");
        assertThat(first.get("role").asString()).as("a shield reports as one").isEqualTo("shield");
        assertThat(first.get("services")).isEmpty();
        assertThat(first.get("origins")).hasSize(2);
        JsonNode a = first.get("origins").get(0);
        assertThat(a.get("serviceId").asString()).isEqualTo("svc");
        assertThat(a.get("origin").asString()).isEqualTo("a");
        assertThat(a.get("status").asString()).isEqualTo("healthy");
        assertThat(a.get("checkedAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(a.has("lastError")).as("no error: the field is left out").isFalse();

        // Nothing changed and no traffic: nothing is sent.
        report();
        assertThat(reports).hasSize(1);

        health.set(List.of(view("a", OriginStatus.UNHEALTHY, "connection refused", 2), view("b", OriginStatus.UNKNOWN, null, 0)));
        traffic.request("svc", CacheStatus.HIT, 200, 10);
        report();
        assertThat(reports).hasSize(2);
        JsonNode second = reports.get(1);
        assertThat(second.get("services")).hasSize(1);
        assertThat(second.get("origins")).hasSize(1);
        assertThat(second.get("origins").get(0).get("status").asString()).isEqualTo("unhealthy");
        assertThat(second.get("origins").get(0).get("lastError").asString()).isEqualTo("connection refused");
    }

    @Test
    void report_afterAFailedOne_sendsEveryOriginAgain() {
        health.set(List.of(view("a", OriginStatus.HEALTHY, null, 1), view("b", OriginStatus.HEALTHY, null, 1)));
        report();
        answer.set(500);
        health.set(List.of(view("a", OriginStatus.UNHEALTHY, "HTTP 503", 2), view("b", OriginStatus.HEALTHY, null, 1)));
        assertThatThrownBy(this::report).hasMessageContaining("control plane answered 500");

        answer.set(204);
        report();
        assertThat(reports).hasSize(3);
        assertThat(reports.get(2).get("origins")).hasSize(2);
    }

    @Test
    void report_sendsEveryOriginAgain_everyFullHealthPeriod() {
        health.set(List.of(view("a", OriginStatus.HEALTHY, null, 1)));
        report();
        for (int i = 1; i < StatsReporter.FULL_HEALTH_EVERY; i++) {
            report();
        }
        assertThat(reports).hasSize(1);
        report();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1).get("origins")).hasSize(1);
    }
}

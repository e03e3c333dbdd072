package dev.cdn.api.logs;

import static dev.cdn.api.logs.LiveClient.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.ssrf.PlatformOnlyNames;
import dev.cdn.config.AccessRecord;
import dev.cdn.config.AccessRecordBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Batch delivery of access records to a real HTTP receiver on 127.0.0.1 (allowed by the test's SSRF allow-list),
 * reached by address or by a name only the platform resolves.
 */
@Import(PlatformOnlyNames.class)
@TestPropertySource(properties = {"cdn.logs.delivery.flush-every=100ms", "cdn.logs.delivery.retry-base=50ms",
        "cdn.logs.delivery.retries=2", "cdn.logs.delivery.queue-records=50"})
class LogDeliveryApiTest extends ApiTestBase {

    /** Each request the receiver got: its headers of interest and its NDJSON lines. */
    record Received(String host, String contentType, String userAgent, List<String> lines) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many of the next requests the receiver fails with a 503. */
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final DisposableServer receiver = HttpServer.create().host("127.0.0.1").port(0)
            .route(r -> r.post("/ingest", (req, res) -> req.receive().aggregate().asString().defaultIfEmpty("")
                    .flatMap(body -> {
                        attempts.incrementAndGet();
                        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            return res.status(503).send().then();
                        }
                        received.add(new Received(req.requestHeaders().get("Host"), req.requestHeaders().get("Content-Type"),
                                req.requestHeaders().get("User-Agent"), List.of(body.split("\n"))));
                        return res.status(204).send().then();
                    })))
            .bindNow();

    @AfterEach
    void stopReceiver() {
        receiver.disposeNow(Duration.ofSeconds(5));
    }

    static AccessRecord record(String serviceId, int i) {
        return new AccessRecord(Instant.parse("2026-12-06T10:00:00Z"), serviceId, "10.0.0.1", "GET",
                "http://demo.localhost/r" + i, 200, 10, "HIT", null, "edge-1", "default", null);
    }

    void ship(List<AccessRecord> records) {
        web.post().uri("/v1/edge/logs").headers(h -> h.setBearerAuth(EDGE_TOKEN))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(new AccessRecordBatch("edge-1", records, 0))
                .exchange().expectStatus().isNoContent();
    }

    Map<?, ?> status(String token, String service) {
        return (Map<?, ?>) web.get().uri("/v1/services/" + service + "/log-delivery").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("status");
    }

    String url() {
        return "http://127.0.0.1:" + receiver.port() + "/ingest";
    }

    @Test
    void records_areDeliveredInBatches_onlyOfTheServiceConfigured() throws Exception {
        String owner = signupAndLogin("delivery@logs.localhost");
        String service = createService(owner, "delivery.logs.localhost", 8081);
        String other = createService(owner, "other.logs.localhost", 8081);
        call("PUT", owner, "/v1/services/" + service + "/log-delivery", null, Map.of("url", url(), "batchRecords", 4))
                .expectStatus().isOk().expectBody().jsonPath("$.batchRecords").isEqualTo(4);

        List<AccessRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(record(service, i));
            records.add(record(other, 100 + i));
        }
        ship(records);
        until(() -> received.stream().mapToInt(r -> r.lines().size()).sum() == 10);
        assertThat(received).allSatisfy(r -> {
            assertThat(r.contentType()).isEqualTo("application/x-ndjson");
            assertThat(r.userAgent()).isEqualTo(LogDeliveries.USER_AGENT);
            assertThat(r.lines().size()).isBetween(1, 4);
        });
        assertThat(received.stream().flatMap(r -> r.lines().stream()))
                .allMatch(line -> line.contains("\"serviceId\":\"" + service + "\""))
                .hasSize(10);
        until(() -> ((Number) status(owner, service).get("deliveredRecords")).longValue() == 10);
        assertThat(((Number) status(owner, service).get("droppedRecords")).longValue()).isZero();
    }

    @Test
    void records_toAnEndpointByName_goToTheAddressTheSsrfCheckSaw_withTheNameAsHost() throws Exception {
        String owner = signupAndLogin("by-name@logs.localhost");
        String service = createService(owner, "by-name.logs.localhost", 8081);
        String authority = PlatformOnlyNames.name("logs") + ":" + receiver.port();
        call("PUT", owner, "/v1/services/" + service + "/log-delivery", null,
                Map.of("url", "http://" + authority + "/ingest", "batchRecords", 10)).expectStatus().isOk();

        ship(List.of(record(service, 1), record(service, 2)));
        until(() -> received.stream().mapToInt(r -> r.lines().size()).sum() == 2);
        assertThat(received).extracting(Received::host).containsOnly(authority);
    }

    @Test
    void aFailingEndpoint_isRetriedWithBackOff_thenTheBatchIsDroppedAndCounted() throws Exception {
        String owner = signupAndLogin("retry@logs.localhost");
        String service = createService(owner, "retry.logs.localhost", 8081);
        call("PUT", owner, "/v1/services/" + service + "/log-delivery", null, Map.of("url", url(), "batchRecords", 100))
                .expectStatus().isOk();

        failNext.set(2); // two failures, then the third try goes through
        ship(List.of(record(service, 1), record(service, 2)));
        until(() -> received.size() == 1);
        assertThat(attempts.get()).isEqualTo(3);
        until(() -> ((Number) status(owner, service).get("retries")).longValue() == 2);

        failNext.set(100); // down for good: 1 try + 2 retries, then dropped
        ship(List.of(record(service, 3)));
        until(() -> ((Number) status(owner, service).get("droppedRecords")).longValue() == 1);
        Map<?, ?> status = status(owner, service);
        assertThat(status.get("lastError")).asString().contains("503");
        assertThat(attempts.get()).isEqualTo(6);
    }

    @Test
    void aStalledEndpoint_costsABoundedQueue() throws Exception {
        String owner = signupAndLogin("stalled@logs.localhost");
        String service = createService(owner, "stalled.logs.localhost", 8081);
        call("PUT", owner, "/v1/services/" + service + "/log-delivery", null, Map.of("url", url(), "batchRecords", 1))
                .expectStatus().isOk();
        failNext.set(1_000_000);
        List<AccessRecord> burst = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            burst.add(record(service, i));
        }
        ship(burst);
        Map<?, ?> status = status(owner, service);
        assertThat(((Number) status.get("queuedRecords")).intValue()).as("the queue's bound").isLessThanOrEqualTo(50);
        assertThat(((Number) status.get("droppedRecords")).longValue()).isGreaterThanOrEqualTo(500 - 50 - 1);
        failNext.set(0);
    }

    @Test
    void badEndpoints_areRefusedNamingTheField_andNothingIsStored() {
        String owner = signupAndLogin("ssrf@logs.localhost");
        String service = createService(owner, "ssrf.logs.localhost", 8081);
        Map<String, Object> cases = Map.of(
                "http://169.254.169.254/latest/meta-data", "url",
                "http://10.0.0.1/ingest", "url",
                "http://[::1]:9/x", "url",
                "ftp://logs.example.com/", "url",
                "http://user:pw@logs.example.com/", "url",
                "not a url", "url");
        cases.forEach((url, field) -> call("PUT", owner, "/v1/services/" + service + "/log-delivery", null,
                Map.of("url", url)).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field));
        call("PUT", owner, "/v1/services/" + service + "/log-delivery", null, Map.of("url", url(), "batchRecords", 0))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("batchRecords");
        call("GET", owner, "/v1/services/" + service + "/log-delivery", null, null).expectStatus().isNotFound();
    }

    @Test
    void anotherTenant_cannotSeeOrChangeTheDelivery() {
        String owner = signupAndLogin("owner@delivery.localhost");
        String stranger = signupAndLogin("stranger@delivery.localhost");
        String service = createService(owner, "owned.delivery.localhost", 8081);
        call("PUT", owner, "/v1/services/" + service + "/log-delivery", null, Map.of("url", url())).expectStatus().isOk();
        call("GET", stranger, "/v1/services/" + service + "/log-delivery", null, null).expectStatus().isNotFound();
        call("PUT", stranger, "/v1/services/" + service + "/log-delivery", null, Map.of("url", url()))
                .expectStatus().isNotFound();
        call("DELETE", stranger, "/v1/services/" + service + "/log-delivery", null, null).expectStatus().isNotFound();
        call("DELETE", owner, "/v1/services/" + service + "/log-delivery", null, null).expectStatus().isNoContent();
        call("GET", owner, "/v1/services/" + service + "/log-delivery", null, null).expectStatus().isNotFound();
    }
}

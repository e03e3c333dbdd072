package dev.cdn.api.logs;

import static dev.cdn.api.logs.LiveClient.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import dev.cdn.api.ManualTime;
import dev.cdn.config.AccessRecord;
import dev.cdn.config.AccessRecordBatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Live logs through the API on real sockets: records posted the way edges post them reach the right tenant's
 * streams, filtered, capped and bounded.
 */
@Import(ManualTime.class)
@TestPropertySource(properties = {"cdn.logs.stream.max-rate=1000000", "cdn.logs.stream.buffer-records=1024",
        "cdn.logs.stream.status-every=100ms"})
class LiveLogApiTest extends ApiTestBase {

    @LocalServerPort
    int port;
    @Autowired
    LiveLogHub hub;

    static AccessRecord record(String serviceId, String path, int status, String cache, String client) {
        return new AccessRecord(Instant.parse("2026-12-06T10:00:00Z"), serviceId, client, "GET",
                "http://demo.localhost" + path, status, 10, cache, null, "edge-1", "default", null);
    }

    void ship(List<AccessRecord> records) {
        for (int from = 0; from < records.size(); from += 500) {
            List<AccessRecord> batch = records.subList(from, Math.min(records.size(), from + 500));
            web.post().uri("/v1/edge/logs").headers(h -> h.setBearerAuth(EDGE_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(new AccessRecordBatch("edge-1", batch, 0))
                    .exchange().expectStatus().isNoContent();
        }
    }

    @Test
    void aTenantsStream_carriesOnlyItsOwnServicesRecords() throws Exception {
        String alice = signupAndLogin("alice@logs.localhost");
        String bob = signupAndLogin("bob@logs.localhost");
        String aliceService = createService(alice, "alice.logs.localhost", 8081);
        String bobService = createService(bob, "bob.logs.localhost", 8081);

        try (LiveClient a = new LiveClient(port, alice, "/v1/services/" + aliceService + "/logs/live").awaitOpen();
             LiveClient b = new LiveClient(port, bob, "/v1/services/" + bobService + "/logs/live").awaitOpen();
             LiveClient stolen = new LiveClient(port, bob, "/v1/services/" + aliceService + "/logs/live").awaitOpen()) {
            assertThat(stolen.status).as("another tenant's service does not exist for bob").isEqualTo(404);
            assertThat(a.status).isEqualTo(200);
            ship(List.of(record(aliceService, "/a1", 200, "HIT", "10.0.0.1"),
                    record(bobService, "/b1", 200, "HIT", "10.0.0.2"),
                    record(aliceService, "/a2", 200, "MISS", "10.0.0.3")));
            until(() -> a.records().size() == 2 && b.records().size() == 1);
            assertThat(a.records()).extracting(r -> r.get("serviceId").asString()).containsOnly(aliceService);
            assertThat(a.records()).extracting(r -> r.get("url").asString())
                    .containsExactly("http://demo.localhost/a1", "http://demo.localhost/a2");
            assertThat(b.records()).extracting(r -> r.get("serviceId").asString()).containsOnly(bobService);
            assertThat(stolen.records()).isEmpty();
        }
    }

    @Test
    void filters_keepOnlyMatchingRecords() throws Exception {
        String owner = signupAndLogin("filters@logs.localhost");
        String service = createService(owner, "filters.logs.localhost", 8081);
        try (LiveClient live = new LiveClient(port, owner, "/v1/services/" + service
                + "/logs/live?status=5xx,404&cache=miss,ERROR&path=/img/&client=10.1.0.0/16").awaitOpen()) {
            JsonNode opened = live.streamLines().get(0);
            assertThat(opened.get("filter").get("client").asString()).isEqualTo("10.1.0.0/16");
            ship(List.of(record(service, "/img/a", 503, "MISS", "10.1.2.3"),   // kept
                    record(service, "/img/b", 404, "ERROR", "10.1.9.9"),        // kept
                    record(service, "/img/c", 200, "MISS", "10.1.2.3"),         // status
                    record(service, "/img/d", 503, "HIT", "10.1.2.3"),          // cache
                    record(service, "/css/e", 503, "MISS", "10.1.2.3"),         // path
                    record(service, "/img/f", 503, "MISS", "10.2.0.1"),         // client
                    record(service, "/img/g", 500, "MISS", "10.1.0.7")));       // kept
            until(() -> live.records().size() >= 3);
            assertThat(live.records()).extracting(r -> r.get("url").asString()).containsExactly(
                    "http://demo.localhost/img/a", "http://demo.localhost/img/b", "http://demo.localhost/img/g");
        }
    }

    @Test
    void aFilterMatchingEverything_isCappedAtItsRate_andTheCapIsReported() throws Exception {
        String owner = signupAndLogin("cap@logs.localhost");
        String service = createService(owner, "cap.logs.localhost", 8081);
        try (LiveClient live = new LiveClient(port, owner, "/v1/services/" + service + "/logs/live?rate=10").awaitOpen()) {
            assertThat(live.streamLines().get(0).get("maxPerSecond").asInt()).isEqualTo(10);
            List<AccessRecord> burst = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                burst.add(record(service, "/r" + i, 200, "HIT", "10.0.0.1"));
            }
            ship(burst); // the manual clock does not move: one second's worth passes
            until(() -> live.streamLines().stream().anyMatch(s -> s.has("capped") && s.get("capped").asLong() == 90));
            until(() -> live.records().size() == 10);
            ManualTime.NANOS.addAndGet(TimeUnit.SECONDS.toNanos(1));
            ship(burst.subList(0, 20));
            until(() -> live.streamLines().stream().anyMatch(s -> s.has("capped") && s.get("capped").asLong() == 100));
            assertThat(live.records()).hasSize(20);
        }
    }

    @Test
    void aConsumerThatDoesNotRead_costsABoundedBuffer_andLearnsWhatWasDropped() throws Exception {
        String owner = signupAndLogin("slow@logs.localhost");
        String service = createService(owner, "slow.logs.localhost", 8081);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setReceiveBufferSize(65536); // a small window: the server's socket fills soon
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/services/" + service + "/logs/live?rate=1000000 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + owner + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            until(() -> hub.streams(service).size() == 1);
            LiveStream stream = hub.streams(service).get(0);

            int total = 50_000;
            List<AccessRecord> load = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                load.add(record(service, "/load/" + i, 200, "HIT", "10.0.0.1"));
            }
            int maxBuffered = 0;
            for (int from = 0; from < total; from += 5_000) {
                ship(load.subList(from, from + 5_000));
                maxBuffered = Math.max(maxBuffered, stream.buffered());
            }
            LiveStream.Counts counts = stream.counts();
            System.out.printf("slow consumer: %d records published, %d sent to the socket, %d dropped, %d buffered"
                    + " (buffer %d), most buffered seen %d%n", total, counts.sent(), counts.dropped(),
                    stream.buffered(), hub.bufferRecords(), maxBuffered);
            assertThat(maxBuffered).as("records held for the slow reader").isLessThanOrEqualTo(hub.bufferRecords());
            assertThat(counts.dropped()).as("records the reader was too slow for").isGreaterThan(0);
            assertThat(counts.matched()).isEqualTo(total);
            assertThat(counts.sent() + counts.dropped() + stream.buffered() + counts.capped())
                    .as("every record is sent, buffered or counted").isGreaterThanOrEqualTo(total - 256);

            // Now read: the stream reports the drops in a stream line.
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(20_000);
            String expected = "\"dropped\":" + counts.dropped();
            String tail = "";
            byte[] buf = new byte[65536];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!tail.contains(expected) && System.nanoTime() < deadline) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                // Only the end of what was read so far is searched: the stream is megabytes long.
                tail = tail.substring(Math.max(0, tail.length() - 512)) + new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            assertThat(tail).as("a stream line reporting every drop").contains(expected);
        }
        until(() -> hub.streams(service).isEmpty());
    }

    @Test
    void aTenant_mayKeepOnlyFiveStreamsOpen_theSixthIsRefused() throws Exception {
        String owner = signupAndLogin("many@logs.localhost");
        String service = createService(owner, "many.logs.localhost", 8081);
        List<LiveClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(new LiveClient(port, owner, "/v1/services/" + service + "/logs/live").awaitOpen());
            }
            assertThat(open).allMatch(c -> c.status == 200);
            web.get().uri("/v1/services/" + service + "/logs/live").headers(h -> h.setBearerAuth(owner)).exchange()
                    .expectStatus().isEqualTo(429);
        } finally {
            open.forEach(LiveClient::close);
        }
        until(() -> hub.streams(service).isEmpty());
        try (LiveClient again = new LiveClient(port, owner, "/v1/services/" + service + "/logs/live").awaitOpen()) {
            assertThat(again.status).as("a closed stream frees its place").isEqualTo(200);
        }
    }

    @Test
    void badFilters_areRefusedNamingTheParameter() {
        String owner = signupAndLogin("bad@logs.localhost");
        String service = createService(owner, "bad.logs.localhost", 8081);
        Map<String, String> cases = Map.of("status=9xx", "status", "cache=WARM", "cache", "path=images", "path",
                "client=example.com", "client", "rate=0", "rate", "rate=2000000", "rate");
        cases.forEach((query, field) -> web.get().uri("/v1/services/" + service + "/logs/live?" + query)
                .headers(h -> h.setBearerAuth(owner)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field));
    }

    @Test
    void aBatchWithABadRecord_isRefusedWhole_namingTheField() throws Exception {
        String owner = signupAndLogin("batch@logs.localhost");
        String service = createService(owner, "batch.logs.localhost", 8081);
        try (LiveClient live = new LiveClient(port, owner, "/v1/services/" + service + "/logs/live").awaitOpen()) {
            AccessRecord bad = new AccessRecord(Instant.EPOCH, service, "10.0.0.1", "GET", "http://x.localhost/", 42, 1,
                    "HIT", null, "edge-1", "default", null);
            web.post().uri("/v1/edge/logs").headers(h -> h.setBearerAuth(EDGE_TOKEN))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new AccessRecordBatch("edge-1", List.of(record(service, "/ok", 200, "HIT", "10.0.0.1"), bad), 0))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("records[1].status");
            ship(List.of(record(service, "/after", 200, "HIT", "10.0.0.1")));
            until(() -> !live.records().isEmpty());
            assertThat(live.records()).extracting(r -> r.get("url").asString())
                    .as("nothing of the refused batch was published").containsExactly("http://demo.localhost/after");
        }
    }
}

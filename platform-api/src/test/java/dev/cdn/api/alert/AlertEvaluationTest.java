package dev.cdn.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cdn.api.ApiTestBase;
import dev.cdn.api.EdgeNodeClient;
import dev.cdn.api.ssrf.ClientHelloRecorder;
import dev.cdn.api.ssrf.PlatformOnlyNames;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluator over the data edges report (driven through the same ingestion and ack endpoints the edges use),
 * with a clock the test moves: rules fire and resolve, each change is one history event and one notification per
 * channel, webhooks are signed and retried with back-off against a real HTTP receiver, e-mails go through a real
 * SMTP server (GreenMail).
 */
@Import({ManualAlertClock.Config.class, PlatformOnlyNames.class})
@TestPropertySource(properties = {"cdn.alerts.evaluator-enabled=false", "cdn.alerts.retry-base=10s"})
class AlertEvaluationTest extends ApiTestBase {

    private static final GreenMail SMTP = startSmtp();

    private static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    AlertEvaluator evaluator;
    @Autowired
    ManualAlertClock clock;
    @Autowired
    DatabaseClient db;

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void cleanUp() {
        receiver.close();
        clock.reset();
    }

    @Test
    void errorRate_firesOnceAndResolves_withASignedWebhookAndAnEmailPerChange() throws Exception {
        String owner = signupAndLogin("fire@alerts.test");
        String service = createService(owner, "fire.alerts.localhost", 8081);
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "error_rate_above", "threshold", 0.1,
                "windowSeconds", 60, "webhookUrl", receiver.url("/hooks/cdn"), "emails", List.of("ops@fire.test")));
        String secret = (String) rule.get("webhookSecret");

        report("edge-1", service, 20, 0, 10);
        assertThat(pass().changed()).isEqualTo(1);
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");
        assertThat(receiver.deliveries()).hasSize(1);
        JsonNode firing = verified(receiver.deliveries().get(0), secret);
        assertThat(firing.get("state").asString()).isEqualTo("firing");
        assertThat(firing.get("kind").asString()).isEqualTo("error_rate_above");
        assertThat(firing.get("value").asDouble()).isEqualTo(0.5);
        assertThat(firing.get("serviceId").asString()).isEqualTo(service);
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@fire.test");
        assertThat(mail.getSubject()).startsWith("[FIRING]");
        assertThat(GreenMailUtil.getBody(mail)).contains("5xx rate 50.00 %");

        // Still breaking: no new event, no new notification.
        report("edge-1", service, 10, 0, 5);
        assertThat(pass().changed()).isZero();
        assertThat(receiver.deliveries()).hasSize(1);

        // Enough good traffic brings the rate under the threshold: 15 errors in 230 responses.
        report("edge-1", service, 200, 0, 0);
        assertThat(pass().changed()).isEqualTo(1);
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");
        assertThat(receiver.deliveries()).hasSize(2);
        assertThat(verified(receiver.deliveries().get(1), secret).get("state").asString()).isEqualTo("resolved");
        assertThat(SMTP.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(SMTP.getReceivedMessages()[1].getSubject()).startsWith("[RESOLVED]");

        List<?> history = history(owner, service);
        assertThat(history).hasSize(2);
        Map<?, ?> newest = (Map<?, ?>) history.get(0);
        assertThat(newest.get("state")).isEqualTo("resolved");
        assertThat(((Map<?, ?>) history.get(1)).get("state")).isEqualTo("firing");
        assertThat((List<?>) newest.get("notifications")).hasSize(2)
                .allSatisfy(n -> assertThat(((Map<?, ?>) n).get("status")).isEqualTo("sent"));
    }

    @Test
    void hitRatio_firesBelowTheThreshold_butNotOnTooFewLookups() {
        String owner = signupAndLogin("ratio@alerts.test");
        String service = createService(owner, "ratio.alerts.localhost", 8081);
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "hit_ratio_below", "windowSeconds", 60));

        report("edge-1", service, 5, 0, 0); // five misses: too few lookups to judge
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");

        report("edge-1", service, 18, 2, 0); // 2 hits in 25 lookups: 8 %
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");
        assertThat(((Map<?, ?>) history(owner, service).get(0)).get("detail").toString())
                .contains("hit ratio 8.00 % (2 of 25 cache lookups)");
    }

    @Test
    void originLatencyP95_firesWhenTheReportedOriginTimesRiseAboveTheThreshold() {
        String owner = signupAndLogin("latency@alerts.test");
        String service = createService(owner, "latency.alerts.localhost", 8081);
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "origin_latency_p95_above", "threshold", 400,
                "windowSeconds", 60));

        // 19 fetches within 100 ms and one within 1 s: the 95th percentile is in the 100 ms bucket.
        reportOriginTimes("edge-1", service, List.of(0L, 0L, 0L, 0L, 19L, 0L, 0L, 1L, 0L, 0L, 0L, 0L));
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");

        // A shield's fetches count too: 20 more within 1 s, so 21 of 40 are slow.
        reportOriginTimes("shield-1", service, List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 20L, 0L, 0L, 0L, 0L));
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");
        assertThat(((Map<?, ?>) history(owner, service).get(0)).get("detail").toString())
                .contains("p95 at most 1000 ms over 40 timed origin requests");
    }

    @Test
    void webhook_isRetriedWithExponentialBackoff_untilTheReceiverAccepts() {
        String owner = signupAndLogin("retry@alerts.test");
        String service = createService(owner, "retry.alerts.localhost", 8081);
        createRule(owner, service, Map.of("kind", "error_rate_above", "windowSeconds", 60,
                "webhookUrl", receiver.url("/flaky")));
        receiver.answerNext(503, 500);

        report("edge-1", service, 20, 0, 20);
        pass();
        assertThat(receiver.deliveries()).as("first attempt at once").hasSize(1);
        pass();
        assertThat(receiver.deliveries()).as("not again before the back-off").hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        pass();
        assertThat(receiver.deliveries()).as("second attempt after 10 s").hasSize(2);
        clock.advance(Duration.ofSeconds(10));
        pass();
        assertThat(receiver.deliveries()).as("the third waits 20 s").hasSize(2);
        clock.advance(Duration.ofSeconds(10));
        pass();
        assertThat(receiver.deliveries()).hasSize(3);
        assertThat(receiver.deliveries()).extracting(d -> d.header("X-CDN-Signature")).doesNotContainNull();

        Map<?, ?> notification = (Map<?, ?>) ((List<?>) ((Map<?, ?>) history(owner, service).get(0))
                .get("notifications")).get(0);
        assertThat(notification.get("status")).isEqualTo("sent");
        assertThat(notification.get("attempts")).isEqualTo(3);
    }

    @Test
    void httpsWebhookByName_connectsToTheAddressTheSsrfCheckSaw_askingForTheNameInSni() throws Exception {
        String owner = signupAndLogin("https@alerts.test");
        String service = createService(owner, "https.alerts.localhost", 8081);
        String name = PlatformOnlyNames.name("hooks");
        try (ClientHelloRecorder tlsReceiver = new ClientHelloRecorder()) {
            createRule(owner, service, Map.of("kind", "error_rate_above", "windowSeconds", 60,
                    "webhookUrl", "https://" + name + ":" + tlsReceiver.port() + "/hooks/cdn"));

            report("edge-1", service, 20, 0, 20);
            pass();
            // The recorder ends every handshake, so the delivery fails; what counts is where it went and what it asked.
            assertThat(tlsReceiver.sawServerName(name)).as("a ClientHello naming " + name).isTrue();
        }
    }

    @Test
    void webhook_isGivenUpAfterTheLastAttempt() {
        String owner = signupAndLogin("giveup@alerts.test");
        String service = createService(owner, "giveup.alerts.localhost", 8081);
        // A node silent for longer than the window: the rule keeps firing however far the clock moves.
        createRule(owner, service, Map.of("kind", "edge_offline", "windowSeconds", 30,
                "webhookUrl", receiver.url("/down")));
        receiver.answerNext(500, 500, 500, 500, 500, 500, 500, 500);
        new EdgeNodeClient(web, db, "edge-gone").ack(1, service);
        clock.advance(Duration.ofSeconds(31));

        for (int i = 0; i < Backoff.MAX_ATTEMPTS + 2; i++) {
            pass();
            clock.advance(Backoff.MAX_DELAY);
        }
        assertThat(receiver.deliveries()).hasSize(Backoff.MAX_ATTEMPTS);
        Map<?, ?> notification = (Map<?, ?>) ((List<?>) ((Map<?, ?>) history(owner, service).get(0))
                .get("notifications")).get(0);
        assertThat(notification.get("status")).isEqualTo("failed");
        assertThat(notification.get("lastError").toString()).contains("500");
    }

    @Test
    void ackOverdue_firesWhileALiveEdgeHasNotAppliedAPurge_andResolvesOnceItHas() {
        String owner = signupAndLogin("acks@alerts.test");
        String service = createService(owner, "acks.alerts.localhost", 8081);
        call("POST", owner, "/v1/services/" + service + "/versions/1/activate", null, null).expectStatus().isOk();
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "ack_overdue", "windowSeconds", 30));
        EdgeNodeClient edge = new EdgeNodeClient(web, db, "edge-slow");
        long activation = headSeq();
        edge.ack(activation, service);

        Map<?, ?> purge = call("POST", owner, "/v1/services/" + service + "/purge", null,
                Map.of("urls", List.of("http://acks.alerts.localhost/a"))).expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
        long purgeSeq = ((Number) purge.get("seq")).longValue();
        edge.ack(activation, service); // alive after the purge was issued, but has not applied it

        pass();
        assertThat(ruleState(owner, service, rule)).as("within the 30 s allowed").isEqualTo("resolved");
        clock.advance(Duration.ofSeconds(31));
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");
        assertThat(((Map<?, ?>) history(owner, service).get(0)).get("detail").toString())
                .contains("purge " + purgeSeq);

        edge.ackPurge(purgeSeq, service, purge.get("id"));
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");
    }

    @Test
    void edgeOffline_firesForASilentNode_andResolvesWhenItIsHeardFrom() {
        String owner = signupAndLogin("offline@alerts.test");
        String service = createService(owner, "offline.alerts.localhost", 8081);
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "edge_offline", "windowSeconds", 120));
        EdgeNodeClient edge = new EdgeNodeClient(web, db, "edge-quiet");
        edge.ack(1, service);

        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");
        clock.advance(Duration.ofSeconds(121));
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");
        assertThat(((Map<?, ?>) history(owner, service).get(0)).get("detail").toString()).contains("edge-quiet");

        clock.reset();
        edge.ack(1, service);
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");
    }

    @Test
    void originUnhealthy_firesOnceAnOriginIsReportedUnhealthyForTheWindow() {
        String owner = signupAndLogin("origin@alerts.test");
        String service = createService(owner, "origin.alerts.localhost", 8081);
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "origin_unhealthy", "windowSeconds", 60));
        String origin = (String) ((Map<?, ?>) ((List<?>) call("GET", owner, "/v1/services/" + service
                + "/versions/1/origins", null, null).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody().get("items")).get(0)).get("name");

        Instant since = clock.now().truncatedTo(ChronoUnit.SECONDS);
        reportOrigin("edge-1", service, origin, "unhealthy", since);
        pass();
        assertThat(ruleState(owner, service, rule)).as("unhealthy for less than the window").isEqualTo("resolved");
        clock.advance(Duration.ofSeconds(61));
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");

        reportOrigin("edge-1", service, origin, "healthy", clock.now());
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("resolved");
    }

    @Test
    void certificateFailing_firesOnAFailedOrder_andOnACertificateEndingWithinTheWindow() {
        String owner = signupAndLogin("cert@alerts.test");
        String service = createService(owner, "cert.alerts.localhost", 8081);
        Map<?, ?> rule = createRule(owner, service, Map.of("kind", "certificate_failing", "windowSeconds", 7 * 86_400));
        pass();
        assertThat(ruleState(owner, service, rule)).as("no certificate yet, nothing failing").isEqualTo("resolved");

        db.sql("""
                INSERT INTO acme_orders (service_id, tenant_id, status, names, attempts, last_error, last_attempt_at)
                SELECT id, tenant_id, 'failed', ARRAY['www.cert.alerts.localhost'], 1,
                       'validation of www.cert.alerts.localhost failed: connection refused', now()
                FROM services WHERE id = :id""").bind("id", java.util.UUID.fromString(service)).then().block();
        pass();
        assertThat(ruleState(owner, service, rule)).isEqualTo("firing");
        assertThat(((Map<?, ?>) history(owner, service).get(0)).get("detail").toString())
                .contains("certificate order failed", "connection refused");

        db.sql("UPDATE acme_orders SET status = 'issued' WHERE service_id = :id")
                .bind("id", java.util.UUID.fromString(service)).then().block();
        pass();
        assertThat(ruleState(owner, service, rule)).as("the order went through").isEqualTo("resolved");

        certificate(service, clock.now().plus(Duration.ofDays(3)));
        pass();
        assertThat(ruleState(owner, service, rule)).as("the order renewed, but the certificate ends in 3 days")
                .isEqualTo("firing");
        assertThat(((Map<?, ?>) history(owner, service).get(0)).get("detail").toString())
                .contains("ends within 7 days: www.cert.alerts.localhost");

        certificate(service, clock.now().plus(Duration.ofDays(60)));
        pass();
        assertThat(ruleState(owner, service, rule)).as("a newer certificate for the name").isEqualTo("resolved");
    }

    /** A certificate row for the service's www name ending at {@code notAfter} (what the measurement reads). */
    private void certificate(String service, Instant notAfter) {
        db.sql("""
                INSERT INTO certificates (id, tenant_id, service_id, source, names, chain_pem, key_sealed, fingerprint,
                                          not_before, not_after)
                SELECT gen_random_uuid(), tenant_id, id, 'acme', ARRAY['www.cert.alerts.localhost'], 'pem', '\\x00',
                       md5(random()::text), now() - interval '1 day', :notAfter
                FROM services WHERE id = :id""")
                .bind("id", java.util.UUID.fromString(service))
                .bind("notAfter", notAfter.atOffset(java.time.ZoneOffset.UTC)).then().block();
    }

    private AlertEvaluator.Pass pass() {
        AlertEvaluator.Pass pass = evaluator.passNow().block(Duration.ofSeconds(30));
        assertThat(pass.held()).as("the only replica holds the lease").isTrue();
        return pass;
    }

    private Map<?, ?> createRule(String token, String service, Map<String, ?> body) {
        return call("POST", token, "/v1/services/" + service + "/alerts", null, body).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private String ruleState(String token, String service, Map<?, ?> rule) {
        return (String) call("GET", token, "/v1/services/" + service + "/alerts/" + rule.get("id"), null, null)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("state");
    }

    private List<?> history(String token, String service) {
        return (List<?>) call("GET", token, "/v1/services/" + service + "/alert-history", null, null)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
    }

    /** What an edge reports for the current minute: misses, hits, and how many of the responses were 5xx. */
    private void report(String node, String service, long misses, long hits, long errors) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("serviceId", service);
        row.put("minute", clock.now().toString());
        row.put("requests", misses + hits);
        row.put("hits", hits);
        row.put("misses", misses);
        row.put("status2xx", misses + hits - errors);
        row.put("status5xx", errors);
        row.put("errors", errors);
        postStats(node, Map.of("nodeId", node, "role", "edge", "services", List.of(row), "origins", List.of()));
    }

    private void reportOriginTimes(String node, String service, List<Long> buckets) {
        long fetches = buckets.stream().mapToLong(Long::longValue).sum();
        postStats(node, Map.of("nodeId", node, "role", node.startsWith("shield") ? "shield" : "edge",
                "services", List.of(Map.of("serviceId", service, "minute", clock.now().toString(),
                        "requests", fetches, "misses", fetches, "originFetches", fetches, "originMillis", buckets)),
                "origins", List.of()));
    }

    private void reportOrigin(String node, String service, String origin, String status, Instant since) {
        postStats(node, Map.of("nodeId", node, "role", "edge", "services", List.of(), "origins", List.of(Map.of(
                "serviceId", service, "origin", origin, "status", status, "since", since.toString(),
                "checkedAt", clock.now().toString()))));
    }

    private void postStats(String node, Map<String, ?> body) {
        web.post().uri("/v1/edge/stats").headers(h -> {
                    h.setBearerAuth(EDGE_TOKEN);
                    h.set("X-Edge-Id", node);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isNoContent();
    }

    private long headSeq() {
        return db.sql("SELECT max(seq) AS head FROM edge_events").map((row, meta) -> row.get("head", Long.class))
                .one().block();
    }

    /**
     * Checks a delivery's signature the way docs/observability.md tells a receiver to (HMAC-SHA256 over
     * "timestamp.body" with the rule's secret) and answers its JSON body.
     */
    private static JsonNode verified(WebhookReceiver.Delivery delivery, String secret) throws Exception {
        String timestamp = delivery.header("X-CDN-Timestamp");
        assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(3600);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(delivery.body()));
        assertThat(delivery.header("X-CDN-Signature")).isEqualTo(expected);
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
        return JsonMapper.shared().readTree(delivery.body());
    }
}

package dev.cdn.api.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.api.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Alert rules over the API: defaults, every bad field named, nothing half-stored, audit entries, tenants apart. */
@TestPropertySource(properties = "cdn.alerts.evaluator-enabled=false")
class AlertRulesApiTest extends ApiTestBase {

    @Test
    void createWithKindOnly_takesTheSeedsDefaults_andShowsTheWebhookSecretOnce() {
        String owner = signupAndLogin("defaults@alerts.test");
        String service = createService(owner, "defaults.alerts.localhost", 8081);

        Map<?, ?> created = call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "hit_ratio_below", "webhookUrl", "http://127.0.0.1:9/hook"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created.get("threshold")).isEqualTo(0.7);
        assertThat(created.get("windowSeconds")).isEqualTo(300);
        assertThat(created.get("name")).isEqualTo("hit_ratio_below");
        assertThat(created.get("state")).isEqualTo("resolved");
        assertThat((String) created.get("webhookSecret")).startsWith("cdn_w_");

        Map<?, ?> listed = call("GET", owner, "/v1/services/" + service + "/alerts", null, null)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<?> items = (List<?>) listed.get("items");
        assertThat(items).hasSize(1);
        assertThat(((Map<?, ?>) items.get(0)).get("webhookSecret")).isNull();
        assertThat(((List<?>) listed.get("kinds")).stream().map(k -> (String) ((Map<?, ?>) k).get("kind")).toList())
                .containsExactly("hit_ratio_below", "error_rate_above", "origin_latency_p95_above",
                        "origin_unhealthy", "ack_overdue", "edge_offline", "certificate_failing");

        Map<?, ?> errorRate = call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "error_rate_above")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(errorRate.get("threshold")).isEqualTo(0.01);
        Map<?, ?> latency = call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "origin_latency_p95_above")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(latency.get("threshold")).isEqualTo(2000.0);
        assertThat(latency.get("windowSeconds")).isEqualTo(180);
        Map<?, ?> acks = call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "ack_overdue")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(acks.get("threshold")).isNull();
        assertThat(acks.get("windowSeconds")).isEqualTo(30);
    }

    @Test
    void badRule_isRefusedNamingEachField_andNothingIsStored() {
        String owner = signupAndLogin("bad@alerts.test");
        String service = createService(owner, "bad.alerts.localhost", 8081);

        call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "hit_ratio_below", "threshold", 1.5, "windowSeconds", 10))
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'threshold')].message").isNotEmpty()
                .jsonPath("$.errors[?(@.field == 'windowSeconds')].message").value(m ->
                        assertThat(m.toString()).contains("too short"));
        call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "error_rate_above", "windowSeconds", 90_000))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("windowSeconds")
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("too long"));
        call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "edge_offline", "threshold", 3))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("threshold")
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("does not apply"));
        call("POST", owner, "/v1/services/" + service + "/alerts", null, Map.of("kind", "disk_full"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("kind");
        call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "hit_ratio_below", "emails", List.of("ops@example.test")))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("emails")
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("not configured"));

        assertThat(call("GET", owner, "/v1/services/" + service + "/alerts", null, null)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items"))
                .asList().isEmpty();
    }

    @Test
    void webhookUrl_followsTheSsrfRules() {
        String owner = signupAndLogin("ssrf@alerts.test");
        String service = createService(owner, "ssrf.alerts.localhost", 8081);
        Map<String, String> refused = Map.of(
                "http://169.254.169.254/latest/meta-data", "metadata",
                "http://10.1.2.3:8080/hook", "private",
                "http://[::1]:8080/hook", "loopback",
                "ftp://hooks.example.test/x", "http or https",
                "http://user:pw@hooks.example.test/x", "credentials");
        refused.forEach((url, why) -> call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "hit_ratio_below", "webhookUrl", url))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("webhookUrl")
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).as(url).contains(why)));
    }

    @Test
    void updateAndDelete_areAudited_andOtherTenantsSeeNothing() {
        String owner = signupAndLogin("audit@alerts.test");
        String service = createService(owner, "audit.alerts.localhost", 8081);
        String rule = (String) call("POST", owner, "/v1/services/" + service + "/alerts", null,
                Map.of("kind", "error_rate_above", "threshold", 0.05)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");

        Map<?, ?> updated = call("PUT", owner, "/v1/services/" + service + "/alerts/" + rule, null,
                Map.of("kind", "error_rate_above", "name", "5xx over 2 %", "threshold", 0.02, "windowSeconds", 600,
                        "webhookUrl", "http://127.0.0.1:9/hook"))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(updated.get("threshold")).isEqualTo(0.02);
        assertThat(updated.get("name")).isEqualTo("5xx over 2 %");
        assertThat((String) updated.get("webhookSecret")).as("a webhook added by an update gets its secret")
                .startsWith("cdn_w_");

        String other = signupAndLogin("other@alerts.test");
        call("GET", other, "/v1/services/" + service + "/alerts/" + rule, null, null).expectStatus().isNotFound();
        call("PUT", other, "/v1/services/" + service + "/alerts/" + rule, null, Map.of("kind", "edge_offline"))
                .expectStatus().isNotFound();
        call("DELETE", other, "/v1/services/" + service + "/alerts/" + rule, null, null).expectStatus().isNotFound();
        call("GET", other, "/v1/services/" + service + "/alert-history", null, null).expectStatus().isNotFound();

        call("DELETE", owner, "/v1/services/" + service + "/alerts/" + rule, null, null).expectStatus().isNoContent();
        call("GET", owner, "/v1/services/" + service + "/alerts/" + rule, null, null).expectStatus().isNotFound();

        List<?> audit = (List<?>) call("GET", owner, "/v1/audit", null, null).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("items");
        assertThat(audit.stream().map(e -> (String) ((Map<?, ?>) e).get("action")).toList())
                .contains("alert.create", "alert.update", "alert.delete");
    }
}

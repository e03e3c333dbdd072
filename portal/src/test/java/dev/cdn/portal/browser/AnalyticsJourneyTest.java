package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * Analytics of a service against the real platform: traffic sent through the real edge shows as top URLs, status
 * codes and an error-rate card, and the cards compare with the previous period (reported, as an edge reports it,
 * to the real API).
 */
class AnalyticsJourneyTest extends RealPlatformHtmlUnitTest {

    private static final String DOMAIN = "analytics.portal.localhost";

    @Test
    void analytics_showsTopUrlsStatusCodesErrorRate_andTheChangeFromThePreviousPeriod() throws Exception {
        String session = platform.signUp("analytics@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "analytics",
                "domains", List.of(DOMAIN),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", platform.origin.port()))))
                .path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        awaitTrue(() -> platform.edge.configVersion(id).orElse(0) == 1);

        for (int i = 0; i < 4; i++) {
            viaEdge("/top/first.css");
        }
        viaEdge("/top/second.css");
        viaEdge("/top/second.css");
        viaEdge("/broken?status=503");
        viaEdge("/gone?status=404");
        platform.edge.reportStatsNow();
        // The hour before the range: four requests, as an edge would have reported them then.
        Instant previous = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        platform.api("POST", "/v1/edge/stats", RealPlatform.EDGE_TOKEN, Map.of("nodeId", RealPlatform.EDGE_ID,
                "services", List.of(Map.of("serviceId", id, "minute", previous.toString(), "requests", 4, "hits", 2,
                        "misses", 2, "status2xx", 4, "bytesToClients", 400)), "origins", List.of()));
        logIn("analytics@portal.test");

        // The edge counts a request as its response ends, which can be just after the client read it: a count the
        // report above missed goes with the next report, so report again while waiting.
        HtmlPage page = browser.getPage(platform.portalUrl("/services/" + id + "/analytics"));
        for (int tries = 0; tries < 60 && !"8".equals(text(page, "#total-requests")); tries++) {
            platform.edge.reportStatsNow();
            page = browser.getPage(platform.portalUrl("/services/" + id + "/analytics"));
        }
        assertThat(text(page, "#total-requests")).isEqualTo("8");
        assertThat(text(page, "#change-requests")).isEqualTo("+100.0 % vs previous period");
        assertThat(text(page, "#total-error-rate")).isEqualTo("12.5 %");
        assertThat(page.querySelector("#error-rate-card").getAttributes().getNamedItem("class").getNodeValue())
                .contains("stat--critical");

        List<DomNode> top = page.querySelectorAll("#top-urls tbody tr");
        assertThat(top).hasSize(4);
        assertThat(top.get(0).asNormalizedText()).startsWith("/top/first.css").contains("4");
        assertThat(top.get(1).asNormalizedText()).startsWith("/top/second.css").contains("2");
        assertThat(page.querySelector("#top-urls").asNormalizedText()).doesNotContain("status=");

        String codes = page.querySelector("#status-codes").asNormalizedText();
        assertThat(codes).contains("2xx\t6\t75.0 %", "4xx\t1\t12.5 %", "5xx\t1\t12.5 %");
    }

    @Test
    void analytics_showsEachExperimentVariant_countedByTheEdgeThatAssignedIt() throws Exception {
        String session = platform.signUp("variants@portal.test", PASSWORD);
        String domain = "variants.portal.localhost";
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "variants",
                "domains", List.of(domain),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", platform.origin.port()))))
                .path("id").asString();
        platform.api("PUT", "/v1/services/" + id + "/versions/1/logic", session, Map.of("experiments", List.of(
                Map.of("name", "home", "match", Map.of("path", "/**"), "sticky", "attribute",
                        "attribute", Map.of("source", "header", "name", "X-User"),
                        "variants", List.of(Map.of("name", "a", "weight", 50), Map.of("name", "b", "weight", 50))))));
        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        awaitTrue(() -> platform.edge.configVersion(id).orElse(0) == 1);

        // Twenty users, each twice: every request is counted for the variant its user hashes to.
        for (int user = 0; user < 20; user++) {
            for (int visit = 0; visit < 2; visit++) {
                String who = "user-" + user;
                HttpClient.create().headers(h -> h.set("Host", domain).set("X-User", who))
                        .get().uri("http://127.0.0.1:" + platform.edge.port() + "/home")
                        .responseSingle((response, body) -> body.asString().defaultIfEmpty(""))
                        .block(Duration.ofSeconds(10));
            }
        }
        logIn("variants@portal.test");

        // The edge counts a request as its response ends, which can be just after the client read it: a count one
        // report misses goes with the next, so report until all 40 are in (more than 40 still fails below).
        HtmlPage page = null;
        for (int tries = 0; tries < 60 && variantRequests(page) < 40; tries++) {
            platform.edge.reportStatsNow();
            page = browser.getPage(platform.portalUrl("/services/" + id + "/analytics"));
        }
        List<DomNode> rows = page.querySelectorAll("#experiments tbody tr");
        assertThat(rows).hasSize(2);
        for (DomNode row : rows) {
            assertThat(row.asNormalizedText().split("\t")[0]).isEqualTo("home");
        }
        long total = variantRequests(page);
        assertThat(rows.get(0).asNormalizedText()).startsWith("home\ta");
        assertThat(rows.get(1).asNormalizedText()).startsWith("home\tb");
        assertThat(total).as("every request counted once, for its variant").isEqualTo(40);
    }

    /** The requests the page's experiments table counts, over every variant; -1 before there is a page. */
    private static long variantRequests(HtmlPage page) {
        if (page == null) {
            return -1;
        }
        long total = 0;
        for (DomNode row : page.querySelectorAll("#experiments tbody tr")) {
            total += Long.parseLong(row.asNormalizedText().split("\t")[2]);
        }
        return total;
    }

    private static String text(HtmlPage page, String selector) {
        DomNode node = page.querySelector(selector);
        return node == null ? "" : node.asNormalizedText();
    }

    private static void viaEdge(String path) {
        HttpClient.create().headers(h -> h.set("Host", DOMAIN))
                .get().uri("http://127.0.0.1:" + platform.edge.port() + path)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty(""))
                .block(Duration.ofSeconds(10));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the edge to run the service").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}

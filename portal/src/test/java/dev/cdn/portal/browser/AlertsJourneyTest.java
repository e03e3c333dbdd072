package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * A service's Alerts page against the real platform: a bad rule is refused next to its field, a good one is listed
 * with its condition and state, edited and deleted (after a confirmation); a rule that fires shows its state and
 * its history.
 */
class AlertsJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void alertsPage_refusesBadRules_listsEditsAndDeletesGoodOnes() throws Exception {
        String session = platform.signUp("alerts@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "alerting",
                "domains", List.of("alerts.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        logIn("alerts@portal.test");

        HtmlPage config = browser.getPage(platform.portalUrl("/services/" + id));
        HtmlPage alerts = config.getAnchorByText("Alerts").click();
        assertThat(alerts.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(alerts.asNormalizedText()).contains("No alert rules yet.", "No rule has fired yet.");

        HtmlForm form = formEndingWith(alerts, "/alerts");
        form.<HtmlSelect>getSelectByName("kind").setSelectedAttribute("error_rate_above", true);
        form.getInputByName("threshold").setValue("1.5");
        form.getInputByName("windowSeconds").setValue("10");
        HtmlPage refused = submit(form);
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.querySelector("#threshold-error").asNormalizedText()).contains("between 0.0 and 1.0");
        assertThat(refused.querySelector("#windowSeconds-error").asNormalizedText()).contains("too short");

        form = formEndingWith(refused, "/alerts");
        form.getInputByName("threshold").setValue("");
        form.getInputByName("windowSeconds").setValue("");
        form.getInputByName("webhookUrl").setValue("http://169.254.169.254/latest");
        refused = submit(form);
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.querySelector("#webhookUrl-error").asNormalizedText()).contains("metadata");

        form = formEndingWith(refused, "/alerts");
        form.getInputByName("webhookUrl").setValue("");
        form.getInputByName("name").setValue("Too many errors");
        HtmlPage created = submit(form);
        assertThat(created.getWebResponse().getStatusCode()).isEqualTo(201);
        List<DomNode> rows = created.querySelectorAll(".alert-rule-row");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).asNormalizedText()).contains("Too many errors", "5xx rate above 1.0 % over 300 s",
                "resolved");

        HtmlPage edit = created.getAnchorByText("Edit").click();
        HtmlForm editForm = formEndingWith(edit, "/alerts/" + ruleId(created));
        editForm.getInputByName("threshold").setValue("0.25");
        HtmlPage saved = submit(editForm);
        assertThat(saved.getUrl().getPath()).isEqualTo("/services/" + id + "/alerts");
        assertThat(saved.querySelector(".alert-rule-row").asNormalizedText()).contains("5xx rate above 25.0 %");

        HtmlPage confirm = saved.getAnchorByText("Delete").click();
        assertThat(confirm.asNormalizedText()).contains("Delete the alert rule Too many errors?");
        HtmlPage afterDelete = submit(formEndingWith(confirm, "/delete"));
        assertThat(afterDelete.asNormalizedText()).contains("No alert rules yet.");
    }

    @Test
    void firingRule_showsItsStateAndHistory() throws Exception {
        String session = platform.signUp("firing@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "firing",
                "domains", List.of("firing.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/alerts", session,
                Map.of("kind", "error_rate_above", "name", "Errors", "windowSeconds", 60));
        reportErrors(id);
        logIn("firing@portal.test");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HtmlPage page = browser.getPage(platform.portalUrl("/services/" + id + "/alerts"));
        while (page.querySelectorAll(".alert-event-row").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            page = browser.getPage(platform.portalUrl("/services/" + id + "/alerts"));
        }
        assertThat(page.querySelector(".alert-rule-row").asNormalizedText()).contains("firing", "100.0 %");
        assertThat(page.querySelector(".alert-event-row").asNormalizedText())
                .contains("Errors", "firing", "5xx rate 100.00 % (20 of 20 responses)");
    }

    /** What the platform's edge would report for a minute in which every response was a 5xx. */
    private static void reportErrors(String serviceId) throws Exception {
        String body = JsonMapper.shared().writeValueAsString(Map.of("nodeId", RealPlatform.EDGE_ID, "role", "edge",
                "origins", List.of(), "services", List.of(Map.of("serviceId", serviceId,
                        "minute", Instant.now().toString(), "requests", 20, "misses", 20, "status5xx", 20,
                        "errors", 20))));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(platform.apiUrl() + "/v1/edge/stats"))
                .header("Authorization", "Bearer " + RealPlatform.EDGE_TOKEN)
                .header("X-Edge-Id", RealPlatform.EDGE_ID).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String ruleId(HtmlPage page) {
        String href = page.getAnchorByText("Edit").getHrefAttribute();
        return href.substring(href.indexOf("/alerts/") + "/alerts/".length(), href.lastIndexOf("/edit"));
    }
}

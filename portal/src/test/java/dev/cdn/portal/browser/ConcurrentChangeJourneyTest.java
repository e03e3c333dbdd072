package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The portal against the real platform (API on PostgreSQL, an edge, the portal) in HtmlUnit: a form sends the
 * ETag its page was rendered with, so a change made meanwhile by someone else is not overwritten and the page says
 * so; and a draft is discarded, then the service deleted, each after a confirmation page.
 */
class ConcurrentChangeJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void staleForm_isRefusedWithAReloadMessage_andTheOtherChangeSurvives() throws Exception {
        String token = signUp("stale@portal.test");
        String id = api("POST", "/v1/services", token, Map.of("name", "stale", "domains", List.of("stale.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        logIn("stale@portal.test");

        // The page is rendered; then someone else adds a rule through the API.
        HtmlPage ruleForm = browser.getPage(platform.portalUrl("/services/" + id + "/versions/1/rules/new"));
        assertThat(ruleForm.getWebResponse().getStatusCode()).isEqualTo(200);
        api("POST", "/v1/services/" + id + "/versions/1/rules", token,
                Map.of("name", "theirs", "match", Map.of("pathPrefix", "/theirs/")));

        HtmlForm form = ruleForm.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/versions/1/rules")).findFirst().orElseThrow();
        assertThat(form.getInputByName("etag").getValue()).matches("\"r\\d+\"");
        form.getInputByName("name").setValue("mine");
        form.getInputByName("pathPrefix").setValue("/mine/");
        HtmlPage answer = form.getOneHtmlElementByAttribute("button", "type", "submit").click();

        assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(409);
        assertThat(answer.getTitleText()).startsWith("Changed by someone else");
        assertThat(answer.querySelector(".changed-message").asNormalizedText()).contains("Reload the page");
        JsonNode rules = api("GET", "/v1/services/" + id + "/versions/1/rules", token, null).path("items");
        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.get(0).path("name").asString()).isEqualTo("theirs");

        // Reloaded, the same change goes through.
        HtmlPage fresh = browser.getPage(platform.portalUrl("/services/" + id + "/versions/1/rules/new"));
        HtmlForm again = fresh.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/versions/1/rules")).findFirst().orElseThrow();
        again.getInputByName("name").setValue("mine");
        again.getInputByName("pathPrefix").setValue("/mine/");
        HtmlPage saved = again.getOneHtmlElementByAttribute("button", "type", "submit").click();
        assertThat(saved.getUrl().getPath()).isEqualTo("/services/" + id);
        assertThat(api("GET", "/v1/services/" + id + "/versions/1/rules", token, null).path("items").size()).isEqualTo(2);
    }

    @Test
    void discardDraft_thenDeleteService_eachAfterAConfirmation() throws Exception {
        String token = signUp("lifecycle@portal.test");
        String id = api("POST", "/v1/services", token, Map.of("name", "lifecycle",
                "domains", List.of("lifecycle.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        api("POST", "/v1/services/" + id + "/versions/1/activate", token, null);
        api("POST", "/v1/services/" + id + "/versions/1/clone", token, null);
        logIn("lifecycle@portal.test");

        HtmlPage config = browser.getPage(platform.portalUrl("/services/" + id));
        HtmlPage confirm = config.getAnchorByText("Discard this draft").click();
        assertThat(confirm.getTitleText()).startsWith("Discard draft version 2?");
        HtmlPage afterDiscard = confirm.getForms().stream().filter(f -> f.getActionAttribute().endsWith("/discard"))
                .findFirst().orElseThrow().getOneHtmlElementByAttribute("button", "type", "submit").click();
        assertThat(afterDiscard.asNormalizedText()).contains("The draft was discarded");
        assertThat(api("GET", "/v1/services/" + id + "/versions/2", token, null).path("status").asInt()).isEqualTo(404);

        HtmlPage confirmDelete = afterDiscard.getAnchorByText("Delete service").click();
        assertThat(confirmDelete.asNormalizedText()).contains("lifecycle.portal.test will get 404");
        HtmlPage dashboard = confirmDelete.getForms().stream().filter(f -> f.getActionAttribute().endsWith("/delete"))
                .findFirst().orElseThrow().getOneHtmlElementByAttribute("button", "type", "submit").click();
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
        assertThat(dashboard.asNormalizedText()).contains("The service was deleted");
        assertThat(api("GET", "/v1/services/" + id, token, null).path("status").asInt()).isEqualTo(404);
    }

    private String signUp(String email) throws Exception {
        return platform.signUp(email, PASSWORD);
    }


    private static JsonNode api(String method, String path, String token, Object body) throws Exception {
        return platform.api(method, path, token, body);
    }
}

package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The protection page against the real platform: a key and a rate limit saved from the editor show up by id and
 * fingerprint only; bad input comes back with the API's messages naming each field, the typed text kept and
 * nothing stored; text that is not JSON is refused before it reaches the API.
 */
class ProtectionJourneyTest extends RealPlatformHtmlUnitTest {

    static final String SECRET = "YW4tZXhhbXBsZS1rZXktb2YtMzItYnl0ZXMtbG9uZyE";

    @Test
    void protectionEditor_savesKeysWithoutShowingThem_andNamesEachBadField() throws Exception {
        String token = platform.signUp("protect@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", token, Map.of("name", "guarded",
                "domains", List.of("guarded.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        logIn("protect@portal.test");

        HtmlPage service = browser.getPage(platform.portalUrl("/services/" + id));
        assertThat(service.querySelector("#protection").asNormalizedText()).contains("None");
        HtmlPage page = service.getAnchorByText("Edit protection").click();
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(page.querySelector("#summary").asNormalizedText()).containsPattern("Signed URLs\\s+Off");

        HtmlPage saved = save(page, """
                {"signedUrls": {"keys": [{"id": "k1", "secret": "%s"}]},
                 "rateLimits": [{"name": "api", "paths": ["/api/**"], "requestsPerSecond": 20, "burst": 40}]}
                """.formatted(SECRET));
        assertThat(saved.getUrl().getPath()).isEqualTo("/services/" + id + "/versions/1/protection");
        assertThat(saved.asNormalizedText()).contains("Protection saved").contains("sha256:5ff11e9a811cbc09")
                .contains("api: 20/s, burst 40 per address").doesNotContain(SECRET);
        assertThat(saved.getWebResponse().getContentAsString()).doesNotContain(SECRET);

        // Saved again as shown (the key without its secret): the stored secret stays.
        HtmlPage again = save(saved, ((HtmlTextArea) saved.getElementById("protection")).getText());
        assertThat(again.asNormalizedText()).contains("Protection saved").contains("sha256:5ff11e9a811cbc09");

        String bad = """
                {"rateLimits": [{"name": "api", "requestsPerSecond": 0}],
                 "access": {"denyAddresses": ["10.1.2.3/8"], "allowCountries": ["Germany"]}}
                """;
        HtmlPage refused = save(again, bad);
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.querySelector(".form-errors").asNormalizedText())
                .contains("rateLimits[0].requestsPerSecond: must be between 1 and 100000")
                .contains("access.denyAddresses[0]: '10.1.2.3/8' has bits set after its /8 prefix")
                .contains("access.allowCountries[0]: 'Germany' is not an ISO 3166-1 alpha-2 country code");
        assertThat(((HtmlTextArea) refused.getElementById("protection")).getText()).contains("Germany");
        JsonNode stored = platform.api("GET", "/v1/services/" + id + "/versions/1/protection", token, null);
        assertThat(stored.path("rateLimits").get(0).path("requestsPerSecond").asInt()).isEqualTo(20);
        assertThat(stored.path("signedUrls").path("keys").get(0).path("fingerprint").asString())
                .isEqualTo("sha256:5ff11e9a811cbc09");

        HtmlPage notJson = save(refused, "{\"rateLimits\": [");
        assertThat(notJson.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(notJson.querySelector("#protection-error").asNormalizedText()).startsWith("Not a valid protection");
    }

    private static HtmlPage save(HtmlPage page, String json) throws Exception {
        HtmlForm form = formEndingWith(page, "/versions/1/protection");
        ((HtmlTextArea) page.getElementById("protection")).setText(json);
        return submit(form);
    }
}

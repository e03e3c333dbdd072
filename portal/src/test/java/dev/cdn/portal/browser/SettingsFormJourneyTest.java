package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The service settings form against the real platform: it shows every component of the service's settings, and
 * saving it keeps what the user did not touch (the shield region, the log sampling rate, the ESI bounds).
 */
class SettingsFormJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void savingSettingsUntouched_keepsEverySettingsComponent() throws Exception {
        String session = platform.signUp("settings@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "settings",
                "domains", List.of("settings.portal.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        Map<String, Object> settings = Map.of("defaultTtlSeconds", 120, "shieldEnabled", true,
                "languages", List.of("en", "de"), "maxObjectBytes", 1048576, "shieldRegion", "eu-west",
                "logSampleRate", 0.25, "esi", Map.of("maxIncludes", 7, "maxDepth", 2,
                        "allowedHosts", List.of("fragments.portal.localhost"), "allowedPaths", List.of("/esi/")));
        JsonNode put = platform.api("PUT", "/v1/services/" + id + "/versions/1/settings", session, settings);
        assertThat(put.has("status")).as("settings stored: %s", put).isFalse();
        JsonNode before = settingsOf(session, id);
        logIn("settings@portal.test");

        HtmlPage page = browser.getPage(platform.portalUrl("/services/" + id));
        HtmlPage saved = submit(formEndingWith(page, "/versions/1/settings"));

        assertThat(saved.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(before.path("shieldRegion").asString()).isEqualTo("eu-west");
        assertThat(before.path("logSampleRate").asDouble()).isEqualTo(0.25);
        assertThat(settingsOf(session, id)).isEqualTo(before);
        HtmlForm form = formEndingWith(saved, "/versions/1/settings");
        assertThat(form.getInputByName("shieldRegion").getValue()).isEqualTo("eu-west");
        assertThat(form.getInputByName("logSampleRate").getValue()).isEqualTo("0.25");
    }

    @Test
    void logSampleRateOutOfRange_isRefusedOnItsField() throws Exception {
        String session = platform.signUp("settings-rate@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "rate",
                "domains", List.of("rate.portal.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        logIn("settings-rate@portal.test");

        HtmlPage page = browser.getPage(platform.portalUrl("/services/" + id));
        HtmlForm form = formEndingWith(page, "/versions/1/settings");
        form.getInputByName("logSampleRate").setValue("1.5");
        form.getInputByName("shieldRegion").setValue("Not A Region");
        HtmlPage refused = submit(form);

        assertThat(refused.getElementById("logSampleRate-error").asNormalizedText())
                .isEqualTo("Enter a share from 0 to 1, such as 0.1 for one request in ten.");
        assertThat(refused.getElementById("shieldRegion-error")).isNotNull();
        assertThat(settingsOf(session, id).path("logSampleRate").isNull()
                || settingsOf(session, id).path("logSampleRate").isMissingNode()).isTrue();
    }

    private static JsonNode settingsOf(String session, String id) throws Exception {
        return platform.api("GET", "/v1/services/" + id + "/versions/1", session, null).path("config").path("settings");
    }
}

package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Any two versions of a service compared against the real platform: from the versions page, the user picks two
 * version numbers (neither needs to be the draft or the active one) and reads what changed between them.
 */
class CompareVersionsJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void compareAnyTwoVersions_showsWhatChangedBetweenThem() throws Exception {
        String session = platform.signUp("compare@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "compare",
                "domains", List.of("compare.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        platform.api("POST", "/v1/services/" + id + "/versions/1/clone", session, null);
        platform.api("POST", "/v1/services/" + id + "/versions/2/rules", session,
                Map.of("name", "images", "match", Map.of("pathPrefix", "/img/")));
        platform.api("POST", "/v1/services/" + id + "/versions/2/activate", session, null);
        platform.api("POST", "/v1/services/" + id + "/versions/2/clone", session, null);
        logIn("compare@portal.test");

        HtmlPage versions = browser.getPage(platform.portalUrl("/services/" + id + "/versions"));
        HtmlForm compare = formEndingWith(versions, "/versions/compare");
        compare.getSelectByName("from").setSelectedAttribute("1", true);
        compare.getSelectByName("to").setSelectedAttribute("3", true);
        HtmlPage diff = submit(compare);

        assertThat(diff.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(diff.asNormalizedText()).contains("Changes from version 1 to version 3");
        assertThat(diff.querySelectorAll(".diff-row")).isNotEmpty();
        assertThat(diff.querySelector(".diff").asNormalizedText()).contains("rules", "images");

        HtmlPage unknown = browser.getPage(platform.portalUrl("/services/" + id + "/versions/compare?from=1&to=99"));
        assertThat(unknown.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(unknown.getElementById("to-error").asNormalizedText()).isEqualTo("Choose a version of this service.");
    }
}

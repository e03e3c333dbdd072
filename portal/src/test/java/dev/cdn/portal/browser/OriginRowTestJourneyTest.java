package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * "Test origin" on each origin row of the service page, against the real platform: a form post per origin that the
 * platform answers by fetching that origin once, then a redirect back to the page (post/redirect/get), which shows
 * the outcome in plain words beside that row only; a reload tests nothing again.
 */
class OriginRowTestJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void testOriginOnARow_fetchesThatOriginOnce_andShowsTheOutcomeBesideItsRow() throws Exception {
        String session = platform.signUp("origin-row@portal.test", PASSWORD);
        int originPort = platform.origin.port();
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "rows",
                "domains", List.of("rows.portal.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", originPort, "tls", false),
                        Map.of("name", "closed", "host", "127.0.0.1", "port", 9, "tls", false))))
                .path("id").asString();
        logIn("origin-row@portal.test");

        HtmlPage page = browser.getPage(platform.portalUrl("/services/" + id));
        int before = platform.originRequests.get();
        HtmlPage tested = submit(formEndingWith(page, "/origins/web/test"));

        assertThat(tested.getUrl().getPath()).isEqualTo("/services/" + id);
        assertThat(platform.originRequests.get()).isEqualTo(before + 1);
        assertThat(tested.querySelector("#origin-web .origin-test-result").asNormalizedText())
                .startsWith("The origin works.");
        assertThat((Object) tested.querySelector("#origin-closed .origin-test-result")).isNull();

        HtmlPage closed = submit(formEndingWith(tested, "/origins/closed/test"));
        assertThat(closed.querySelector("#origin-closed .origin-test-result").asNormalizedText())
                .startsWith("The origin test failed.").doesNotContain("Exception");

        HtmlPage reloaded = (HtmlPage) closed.refresh();
        assertThat((Object) reloaded.querySelector(".origin-test-result")).isNull();
        assertThat(platform.originRequests.get()).isEqualTo(before + 1);
    }
}

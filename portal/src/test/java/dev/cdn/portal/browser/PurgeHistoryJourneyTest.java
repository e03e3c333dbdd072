package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The purge history of a service against the real platform: reached from the purge form, it lists the latest
 * purges newest first, and for each, every edge with its status and when it was last heard from.
 */
class PurgeHistoryJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void purgeHistory_listsRecentPurgesNewestFirst_withEachEdgesStatusAndLastSeen() throws Exception {
        String session = platform.signUp("history@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "history",
                "domains", List.of("history.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/purge", session, Map.of("tags", List.of("first-tag")));
        platform.api("POST", "/v1/services/" + id + "/purge", session,
                Map.of("urls", List.of("http://history.portal.test/second")));
        logIn("history@portal.test");

        HtmlPage form = browser.getPage(platform.portalUrl("/services/" + id + "/purge"));
        HtmlPage history = form.getAnchorByText("Purge history").click();

        assertThat(history.getWebResponse().getStatusCode()).isEqualTo(200);
        List<DomNode> items = history.querySelectorAll(".purge-history-item");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).asNormalizedText()).contains("purge of url,", "http://history.portal.test/second");
        assertThat(items.get(1).asNormalizedText()).contains("purge of tag,", "first-tag");
        for (DomNode item : items) {
            List<HtmlElement> edges = item.getByXPath(".//tr[contains(@class, 'purge-edge-row')]");
            assertThat(edges).isNotEmpty();
            for (HtmlElement edge : edges) {
                assertThat(cell(edge, "Status")).matches("applied|pending|unreachable|failed");
                assertThat(cell(edge, "Last seen")).endsWith("UTC");
            }
        }
    }

    private static String cell(HtmlElement row, String label) {
        HtmlElement cell = row.getFirstByXPath("./td[@data-label='" + label + "']");
        return cell.asNormalizedText();
    }
}

package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every destructive action in the portal asks first, on a page of its own that says what follows and works without
 * JavaScript: revoking a token, removing a team member, removing a domain, deleting an origin or a rule. Clicking
 * the action changes nothing until the confirmation is submitted; "Keep it" leaves everything as it was.
 */
class DestructiveActionConfirmationJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void revokeToken_asksFirst_andRevokesOnlyOnConfirmation() throws Exception {
        String session = platform.signUp("revoke@confirm.test", PASSWORD);
        String tokenId = platform.api("POST", "/v1/tokens", session, Map.of("name", "deploy-bot",
                "scopes", List.of("config:read"))).path("id").asString();
        logIn("revoke@confirm.test");

        HtmlPage confirm = click(browser.getPage(platform.portalUrl("/tokens")), "Revoke token deploy-bot");
        assertThat(confirm.getTitleText()).startsWith("Revoke token deploy-bot?");
        assertThat(confirm.asNormalizedText()).contains("stops working at once");
        assertThat(token(session, tokenId).path("revokedAt").isMissingNode()
                || token(session, tokenId).path("revokedAt").isNull()).isTrue();

        HtmlPage done = submit(formEndingWith(confirm, "/tokens/" + tokenId + "/revoke"));
        assertThat(done.asNormalizedText()).contains("The token was revoked");
        assertThat(token(session, tokenId).path("revokedAt").isNull()).isFalse();
    }

    @Test
    void removeMember_asksFirst_andKeepItChangesNothing() throws Exception {
        String owner = platform.signUp("owner@confirm.test", PASSWORD);
        String secret = platform.api("POST", "/v1/invitations", owner, Map.of("email", "leaving@confirm.test",
                "role", "member")).path("token").asString();
        platform.api("POST", "/v1/invitations/" + secret + "/accept", null, Map.of("password", PASSWORD));
        logIn("owner@confirm.test");

        HtmlPage confirm = click(browser.getPage(platform.portalUrl("/team")), "Remove leaving@confirm.test");
        assertThat(confirm.getTitleText()).startsWith("Remove leaving@confirm.test?");
        assertThat(members(owner)).contains("leaving@confirm.test");
        HtmlPage kept = confirm.getAnchorByText("Keep it").click();
        assertThat(kept.getUrl().getPath()).isEqualTo("/team");
        assertThat(members(owner)).contains("leaving@confirm.test");

        HtmlPage again = click(kept, "Remove leaving@confirm.test");
        HtmlPage done = submit(formEndingWith(again, "/remove"));
        assertThat(done.getUrl().getPath()).isEqualTo("/team");
        assertThat(members(owner)).doesNotContain("leaving@confirm.test");
    }

    @Test
    void removeDomain_deleteOrigin_deleteRule_eachAskFirst() throws Exception {
        String session = platform.signUp("config@confirm.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "confirms",
                "domains", List.of("a.confirm.test", "b.confirm.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9),
                        Map.of("name", "spare", "host", "127.0.0.1", "port", 10)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/versions/1/rules", session,
                Map.of("name", "images", "match", Map.of("pathPrefix", "/img/")));
        logIn("config@confirm.test");
        String page = "/services/" + id;

        HtmlPage domain = click(browser.getPage(platform.portalUrl(page)), "Remove domain b.confirm.test");
        assertThat(domain.getTitleText()).startsWith("Remove b.confirm.test?");
        assertThat(version(session, id).path("domains").toString()).contains("b.confirm.test");
        HtmlPage afterDomain = submit(formEndingWith(domain, "/domains/remove"));
        assertThat(afterDomain.getUrl().getPath()).isEqualTo(page);
        assertThat(version(session, id).path("domains").toString()).doesNotContain("b.confirm.test");

        HtmlPage origin = click(afterDomain, "Delete origin spare");
        assertThat(origin.getTitleText()).startsWith("Delete origin spare?");
        assertThat(version(session, id).path("origins").toString()).contains("spare");
        HtmlPage afterOrigin = submit(formEndingWith(origin, "/origins/spare/delete"));
        assertThat(version(session, id).path("origins").toString()).doesNotContain("spare");

        HtmlPage rule = click(afterOrigin, "Delete rule images");
        assertThat(rule.getTitleText()).startsWith("Delete rule images?");
        assertThat(version(session, id).path("rules").toString()).contains("images");
        submit(formEndingWith(rule, "/rules/images/delete"));
        assertThat(version(session, id).path("rules").size()).isZero();
    }

    /** Follows the control (link or button) that carries this accessible name. */
    private static HtmlPage click(HtmlPage page, String label) throws IOException {
        HtmlElement control = page.getFirstByXPath("//*[@aria-label='" + label + "']");
        assertThat(control).as("a control labelled '%s' on %s", label, page.getUrl()).isNotNull();
        return control.click();
    }

    private static JsonNode token(String session, String tokenId) throws Exception {
        for (JsonNode t : platform.api("GET", "/v1/tokens", session, null).path("items")) {
            if (t.path("id").asString().equals(tokenId)) {
                return t;
            }
        }
        throw new AssertionError("no token " + tokenId);
    }

    private static String members(String session) throws Exception {
        return platform.api("GET", "/v1/users", session, null).path("items").toString();
    }

    private static JsonNode version(String session, String id) throws Exception {
        return platform.api("GET", "/v1/services/" + id + "/versions/1", session, null).path("config");
    }
}

package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a new customer meets on the first day, against the real platform (API on PostgreSQL, an edge, the portal)
 * in HtmlUnit: pages that answer a creation can be reloaded without creating anything twice, the secret is shown
 * once, invitations are refused up front when they cannot work and can be cancelled and resent, a token's last
 * use shows, and members see what they may not do instead of landing on a bare refusal.
 */
class FirstDayJourneyTest extends RealPlatformHtmlUnitTest {

    @Test
    void tokenCreated_reloadCreatesNoSecondToken_andTheSecretIsShownOnce() throws Exception {
        String session = platform.signUp("reload-token@portal.test", PASSWORD);
        logIn("reload-token@portal.test");

        HtmlPage tokens = browser.getPage(platform.portalUrl("/tokens"));
        HtmlForm form = formEndingWith(tokens, "/tokens");
        form.getInputByName("name").setValue("deploy");
        form.getInputByValue("purge").setChecked(true);
        HtmlPage created = submit(form);

        assertThat(created.getUrl().getPath()).isEqualTo("/tokens");
        assertThat(created.getWebResponse().getWebRequest().getHttpMethod().name()).isEqualTo("GET");
        String secret = created.getElementById("token-secret").getAttribute("value");
        assertThat(secret).startsWith("cdn_t_");

        HtmlPage reloaded = (HtmlPage) created.refresh();
        assertThat(reloaded.getElementById("token-secret")).isNull();
        assertThat(reloaded.asNormalizedText()).doesNotContain(secret);
        assertThat(platform.api("GET", "/v1/tokens", session, null).path("items").size()).isEqualTo(1);
    }

    @Test
    void tokenLastUsed_showsOnceTheTokenWasUsed() throws Exception {
        String session = platform.signUp("last-used@portal.test", PASSWORD);
        String secret = platform.api("POST", "/v1/tokens", session,
                Map.of("name", "ci", "scopes", List.of("config:read"))).path("token").asString();
        logIn("last-used@portal.test");
        assertThat(lastUsedCell("ci")).isEqualTo("never");

        platform.api("GET", "/v1/services", secret, null);

        assertThat(lastUsedCell("ci")).isNotEqualTo("never").isNotBlank();
    }

    @Test
    void invitationCreated_reloadCreatesNoSecondInvitation() throws Exception {
        String session = platform.signUp("reload-invite@portal.test", PASSWORD);
        logIn("reload-invite@portal.test");

        HtmlPage created = invite("newcomer@portal.test");
        assertThat(created.getUrl().getPath()).isEqualTo("/team");
        assertThat(created.getElementById("invitation-link").getAttribute("value"))
                .startsWith(platform.portalUrl("/invitations/"));

        HtmlPage reloaded = (HtmlPage) created.refresh();
        assertThat(reloaded.getElementById("invitation-link")).isNull();
        assertThat(platform.api("GET", "/v1/invitations", session, null).path("items").size()).isEqualTo(1);
    }

    @Test
    void invitingYourself_isRefusedOnTheEmailFieldInPlainWords() throws Exception {
        String session = platform.signUp("me@portal.test", PASSWORD);
        logIn("me@portal.test");

        HtmlPage refused = invite("me@portal.test");

        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.getElementById("email-error").asNormalizedText())
                .isEqualTo("This is your own address: you are already in this team.");
        assertThat(platform.api("GET", "/v1/invitations", session, null).path("items").size()).isZero();
    }

    @Test
    void invitation_canBeResentWithANewLink_andCancelled() throws Exception {
        String session = platform.signUp("resend@portal.test", PASSWORD);
        logIn("resend@portal.test");
        String firstLink = invite("later@portal.test").getElementById("invitation-link").getAttribute("value");

        HtmlPage team = browser.getPage(platform.portalUrl("/team"));
        HtmlPage resent = submit(formEndingWith(team, "/resend"));
        String secondLink = resent.getElementById("invitation-link").getAttribute("value");
        assertThat(secondLink).startsWith(platform.portalUrl("/invitations/")).isNotEqualTo(firstLink);
        String oldSecret = firstLink.substring(firstLink.lastIndexOf('/') + 1);
        assertThat(platform.api("POST", "/v1/invitations/" + oldSecret + "/accept", null,
                Map.of("password", PASSWORD)).path("status").asInt()).isEqualTo(404);

        HtmlPage cancelled = submit(formEndingWith(resent, "/cancel"));
        assertThat(cancelled.asNormalizedText()).contains("The invitation was cancelled");
        assertThat(platform.api("GET", "/v1/invitations", session, null).path("items").size()).isZero();
    }

    @Test
    void member_seesNoWriteActions_andARefusalPageKeepsTheNavigation() throws Exception {
        String owner = platform.signUp("owner@members.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", owner, Map.of("name", "shop", "domains", List.of("shop.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        String secret = platform.api("POST", "/v1/invitations", owner, Map.of("email", "member@members.test",
                "role", "member")).path("token").asString();
        platform.api("POST", "/v1/invitations/" + secret + "/accept", null, Map.of("password", PASSWORD));
        logIn("member@members.test");

        HtmlPage dashboard = browser.getPage(platform.portalUrl("/dashboard"));
        assertThat(dashboard.getAnchors()).noneMatch(a -> a.getHrefAttribute().endsWith("/services/new"));
        assertThat(dashboard.asNormalizedText()).contains("Your role (member) can read but not change");
        for (String page : List.of("", "/versions", "/purge")) {
            HtmlPage servicePage = browser.getPage(platform.portalUrl("/services/" + id + page));
            assertThat(servicePage.querySelectorAll("button[type=submit]:not([disabled])"))
                    .as("enabled buttons on /services/{id}" + page)
                    .allMatch(b -> b.asNormalizedText().equals("Log out"));
            assertThat(servicePage.asNormalizedText()).contains("Your role (member) can read but not change");
        }
        HtmlPage team = browser.getPage(platform.portalUrl("/team"));
        assertThat(team.getForms()).noneMatch(f -> f.getActionAttribute().endsWith("/team/invitations"));

        // A write the role does not allow (an old tab, a typed URL) is refused on a page that keeps the navigation.
        HtmlPage refused = browser.getPage(platform.portalUrl("/services/new"));
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(refused.querySelectorAll("nav.main-nav")).hasSize(1);
        assertThat(refused.asNormalizedText()).contains("Your role (member)");
    }

    @Test
    void newService_originIsOneAddress_soAPlainHttpOriginOnAnOddPortStaysPlainHttp_andErrorsComeInOnePass()
            throws Exception {
        String session = platform.signUp("one-url@portal.test", PASSWORD);
        logIn("one-url@portal.test");
        String port = String.valueOf(platform.origin.port());

        HtmlForm form = formEndingWith(browser.getPage(platform.portalUrl("/services/new")), "/services");
        form.getInputByName("domain").setValue("one-url.portal.test");
        form.getInputByName("originUrl").setValue("127.0.0.1:" + port);
        HtmlPage refused = submit(form);
        // Both mistakes at once: the missing name and an address that does not say HTTP or HTTPS.
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.getElementById("name-error").asNormalizedText()).isEqualTo("Enter a name for the service.");
        assertThat(refused.getElementById("originUrl-error").asNormalizedText()).isEqualTo("Start the address with"
                + " http:// or https://, to say whether the origin speaks plain HTTP or HTTPS on port " + port + ".");
        assertThat(((org.htmlunit.html.HtmlInput) refused.getElementById("originUrl")).getValue())
                .isEqualTo("127.0.0.1:" + port);

        HtmlForm again = formEndingWith(refused, "/services");
        again.getInputByName("name").setValue("one-url");
        again.getInputByName("originUrl").setValue("http://127.0.0.1:" + port);
        HtmlPage created = submit(again);
        String id = created.getUrl().getPath().replaceAll(".*/services/([^/?#]+).*", "$1");
        JsonNode origin = platform.api("GET", "/v1/services/" + id + "/versions/1/origins", session, null)
                .path("items").get(0);
        assertThat(origin.path("tls").asBoolean()).isFalse();
        assertThat(origin.path("port").asInt()).isEqualTo(platform.origin.port());
        assertThat(origin.path("host").asString()).isEqualTo("127.0.0.1");

        // The origin editor shows the same one address, and says every range in one pass.
        HtmlPage editor = browser.getPage(platform.portalUrl("/services/" + id + "/versions/1/origins/web/edit"));
        HtmlForm edit = formEndingWith(editor, "/origins/web");
        assertThat(edit.getInputByName("url").getValue()).isEqualTo("http://127.0.0.1:" + port);
        edit.getInputByName("weight").setValue("99999999999999");
        edit.getInputByName("connectTimeoutMs").setValue("0");
        edit.getInputByName("url").setValue("https://127.0.0.1:99999");
        HtmlPage outOfRange = submit(edit);
        assertThat(outOfRange.getElementById("weight-error").asNormalizedText())
                .isEqualTo("Enter a whole number from 0 to 1000.");
        assertThat(outOfRange.getElementById("connectTimeoutMs-error").asNormalizedText())
                .isEqualTo("Enter a whole number from 1 to 120000.");
        assertThat(outOfRange.getElementById("url-error").asNormalizedText())
                .isEqualTo("The port must be from 1 to 65535.");
    }

    @Test
    void everyPage_hasASkipLink_andTheNavigationMarksTheCurrentPage() throws Exception {
        platform.signUp("a11y@portal.test", PASSWORD);
        logIn("a11y@portal.test");

        for (String path : List.of("/dashboard", "/tokens", "/team", "/audit", "/services/new", "/not-allowed")) {
            HtmlPage page = browser.getPage(platform.portalUrl(path));
            var skip = page.getAnchors().get(0);
            assertThat(skip.getHrefAttribute()).as(path).isEqualTo("#main");
            assertThat(skip.asNormalizedText()).isEqualTo("Skip to content");
            assertThat(page.getElementById("main")).as(path).isNotNull();
        }
        HtmlPage team = browser.getPage(platform.portalUrl("/team"));
        assertThat(team.querySelectorAll("nav.main-nav a[aria-current=page]"))
                .singleElement().satisfies(a -> assertThat(a.asNormalizedText()).isEqualTo("Team"));
    }

    @Test
    void formErrors_moveTheFocusToTheFirstFieldToFix() throws Exception {
        platform.signUp("focus@portal.test", PASSWORD);
        logIn("focus@portal.test");
        browser.getOptions().setJavaScriptEnabled(true);
        // HtmlUnit's script engine cannot compile the htmx bundle (Chromium can); this test is about focus.js.
        browser.getOptions().setThrowExceptionOnScriptError(false);

        HtmlPage form = browser.getPage(platform.portalUrl("/services/new"));
        HtmlForm newService = formEndingWith(form, "/services");
        newService.getInputByName("name").setValue("focus");
        newService.getInputByName("originUrl").setValue("ftp://origin.example.com");
        HtmlPage refused = submit(newService);
        browser.waitForBackgroundJavaScript(5_000);

        assertThat(refused.getFocusedElement()).isNotNull();
        assertThat(refused.getFocusedElement().getId()).isEqualTo("domain");
    }

    @Test
    void testOrigin_beforeCreatingTheService_saysInPlainWordsWhatTheOriginAnswered() throws Exception {
        String session = platform.signUp("test-origin@portal.test", PASSWORD);
        logIn("test-origin@portal.test");
        String port = String.valueOf(platform.origin.port());

        HtmlForm form = formEndingWith(browser.getPage(platform.portalUrl("/services/new")), "/services");
        form.getInputByName("name").setValue("tested");
        form.getInputByName("domain").setValue("tested.portal.test");
        form.getInputByName("originUrl").setValue("https://127.0.0.1:" + port);
        HtmlPage wrongScheme = form.getButtonByName("testOrigin").click();

        assertThat(wrongScheme.getElementById("origin-test").asNormalizedText())
                .contains("The origin answered in plain HTTP, not TLS, on port " + port)
                .doesNotContain("Exception");
        // Testing creates nothing, and keeps what was typed.
        assertThat(platform.api("GET", "/v1/services", session, null).path("items").size()).isZero();
        assertThat(((org.htmlunit.html.HtmlInput) wrongScheme.getElementById("name")).getValue()).isEqualTo("tested");

        HtmlForm again = formEndingWith(wrongScheme, "/services");
        again.getInputByName("originUrl").setValue("http://127.0.0.1:" + port);
        HtmlPage fine = again.getButtonByName("testOrigin").click();
        assertThat(fine.getElementById("origin-test").asNormalizedText()).contains("The origin answered 200")
                .contains("plain HTTP");

        // A private address the platform may not reach is refused under its SSRF rule, next to the field.
        HtmlForm metadata = formEndingWith(fine, "/services");
        metadata.getInputByName("originUrl").setValue("http://169.254.169.254");
        HtmlPage refused = metadata.getButtonByName("testOrigin").click();
        assertThat(refused.getElementById("originUrl-error").asNormalizedText()).contains("only public addresses");
    }

    @Test
    void purgeEverything_andRollBack_eachAskForAConfirmationFirst() throws Exception {
        String session = platform.signUp("confirm@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "confirm",
                "domains", List.of("confirm.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        platform.api("POST", "/v1/services/" + id + "/versions/1/clone", session, null);
        platform.api("POST", "/v1/services/" + id + "/versions/2/activate", session, null);
        logIn("confirm@portal.test");

        HtmlForm purge = formEndingWith(browser.getPage(platform.portalUrl("/services/" + id + "/purge")), "/purge");
        purge.getInputByValue("all").setChecked(true);
        HtmlPage confirmPurge = submit(purge);
        assertThat(confirmPurge.getTitleText()).startsWith("Purge everything in confirm?");
        assertThat(confirmPurge.asNormalizedText()).contains("every request for confirm.portal.test goes to your origin");
        assertThat(auditActions(session)).doesNotContain("purge.create");
        HtmlPage status = submit(formEndingWith(confirmPurge, "/purge"));
        assertThat(status.getUrl().getPath()).startsWith("/purges/");
        assertThat(auditActions(session)).contains("purge.create");

        HtmlPage versions = browser.getPage(platform.portalUrl("/services/" + id + "/versions"));
        HtmlPage confirmRollback = versions.getAnchorByText("Roll back to this").click();
        assertThat(confirmRollback.getTitleText()).startsWith("Roll back confirm to version 1?");
        assertThat(platform.api("GET", "/v1/services/" + id, session, null).path("activeVersion").asInt()).isEqualTo(2);
        HtmlPage rolledBack = submit(formEndingWith(confirmRollback, "/versions/1/activate"));
        assertThat(rolledBack.getWebResponse().getStatusCode()).isLessThan(400);
        assertThat(platform.api("GET", "/v1/services/" + id, session, null).path("activeVersion").asInt()).isEqualTo(1);
    }

    @Test
    void auditLog_namesPeopleAndThings_showsWhatChanged_filters_andExportsCsv() throws Exception {
        String owner = platform.signUp("audit-owner@portal.test", PASSWORD);
        String shop = platform.api("POST", "/v1/services", owner, Map.of("name", "audited-shop",
                "domains", List.of("audited.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", 9)))).path("id").asString();
        String secret = platform.api("POST", "/v1/invitations", owner, Map.of("email", "audit-member@portal.test",
                "role", "member")).path("token").asString();
        String memberId = platform.api("POST", "/v1/invitations/" + secret + "/accept", null,
                Map.of("password", PASSWORD)).path("id").asString();
        platform.api("PATCH", "/v1/users/" + memberId, owner, Map.of("role", "admin"));
        logIn("audit-owner@portal.test");

        HtmlPage audit = browser.getPage(platform.portalUrl("/audit"));
        String text = audit.asNormalizedText();
        assertThat(text).doesNotContain("user:", "token:").contains("audit-owner@portal.test", "audited-shop",
                "audit-member@portal.test", "role: member → admin");

        HtmlForm filters = formEndingWith(audit, "/audit");
        filters.getSelectByName("service").setSelectedAttribute(shop, true);
        HtmlPage filtered = submit(filters);
        assertThat(filtered.querySelectorAll("tr.audit-row")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.asNormalizedText()).contains("audited-shop"));

        var csv = browser.getPage(platform.portalUrl("/audit.csv")).getWebResponse();
        assertThat(csv.getContentType()).isEqualTo("text/csv");
        assertThat(csv.getContentAsString()).startsWith("at,actor,action,target,changes")
                .contains("audit-owner@portal.test", "user.role", "role: member → admin");
    }

    @Test
    void servicePage_guidesToLive_thenSaysItIsLive_withTheDnsTargetAndACurlCommand() throws Exception {
        String session = platform.signUp("golive@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "golive",
                "domains", List.of("golive.localhost"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", platform.origin.port())))).path("id").asString();
        logIn("golive@portal.test");

        HtmlPage draft = browser.getPage(platform.portalUrl("/services/" + id));
        assertThat(draft.getElementById("go-live").asNormalizedText())
                .contains("Not live yet", "Activate a version");

        platform.api("POST", "/v1/services/" + id + "/versions/1/activate", session, null);
        HtmlPage live = browser.getPage(platform.portalUrl("/services/" + id));
        String card = live.getElementById("go-live").asNormalizedText();
        assertThat(card).contains("Your service is live", "golive.localhost", "CNAME", "127.0.0.1:8000",
                "curl -sI --connect-to golive.localhost:80:127.0.0.1:8000 http://golive.localhost/");
    }

    @Test
    void testOrigin_inTheOriginEditor_usesTheHealthCheckPath_andSavesNothing() throws Exception {
        String session = platform.signUp("edit-test@portal.test", PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "edit-test",
                "domains", List.of("edit-test.portal.test"),
                "origins", List.of(Map.of("name", "web", "host", "127.0.0.1", "port", platform.origin.port(),
                        "tls", false)))).path("id").asString();
        logIn("edit-test@portal.test");

        HtmlForm edit = formEndingWith(browser.getPage(platform.portalUrl("/services/" + id
                + "/versions/1/origins/web/edit")), "/origins/web");
        edit.getInputByName("healthCheckPath").setValue("/health");
        HtmlPage tested = edit.getButtonByName("testOrigin").click();

        assertThat(tested.getElementById("origin-test").asNormalizedText()).contains("The origin works.",
                "The origin answered 200");
        assertThat(platform.api("GET", "/v1/services/" + id + "/versions/1/origins", session, null)
                .path("items").get(0).path("healthCheckPath").isMissingNode()
                || platform.api("GET", "/v1/services/" + id + "/versions/1/origins", session, null)
                .path("items").get(0).path("healthCheckPath").isNull()).isTrue();
    }

    private List<String> auditActions(String session) throws Exception {
        List<String> actions = new java.util.ArrayList<>();
        platform.api("GET", "/v1/audit", session, null).path("items").forEach(e -> actions.add(e.path("action").asString()));
        return actions;
    }

    private String lastUsedCell(String tokenName) throws IOException {
        HtmlPage tokens = browser.getPage(platform.portalUrl("/tokens"));
        DomNode cell = tokens.getFirstByXPath("//tr[@class='token-row'][td[contains(@class,'token-name')]='"
                + tokenName + "']/td[@data-label='Last used']");
        assertThat(cell).as("token " + tokenName + " listed").isNotNull();
        return cell.asNormalizedText();
    }

    private HtmlPage invite(String email) throws IOException {
        HtmlPage team = browser.getPage(platform.portalUrl("/team"));
        HtmlForm form = formEndingWith(team, "/team/invitations");
        form.getInputByName("email").setValue(email);
        return submit(form);
    }



}

package dev.cdn.portal.account;

import java.io.IOException;
import java.util.List;

import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import dev.cdn.portal.PortalIntegrationTest;

import static dev.cdn.portal.account.PasswordResetJourneyTest.choosePassword;
import static org.assertj.core.api.Assertions.assertThat;

/** Accepting an invitation in a headless browser: the invitee chooses a password and lands in the inviting tenant. */
class InvitationJourneyTest extends PortalIntegrationTest {

    private static final String INVITEE_PASSWORD = "invitee passphrase";

    @Test
    void invitee_choosesPassword_andIsLoggedIntoTheInvitingTenant() throws IOException {
        String owner = uniqueEmail();
        String invitee = uniqueEmail();
        API.register("Acme", owner, PASSWORD);
        String link = API.invite(owner, invitee, "admin");

        HtmlPage page = browser.getPage(url(link));
        assertThat(page.getTitleText()).isEqualTo("Accept your invitation · CDN Portal");
        HtmlPage dashboard = choosePassword(page, INVITEE_PASSWORD, INVITEE_PASSWORD);

        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
        assertThat(dashboard.querySelector(".tenant-name").asNormalizedText()).isEqualTo("Acme");
        assertThat(dashboard.querySelector(".user-email").asNormalizedText()).isEqualTo(invitee);
        assertThat(API.passwordIs(invitee, INVITEE_PASSWORD)).isTrue();
    }

    @Test
    void usedLink_showsClearPage() throws IOException {
        String owner = uniqueEmail();
        API.register("Acme", owner, PASSWORD);
        String link = API.invite(owner, uniqueEmail(), "member");
        choosePassword(browser.getPage(url(link)), INVITEE_PASSWORD, INVITEE_PASSWORD);
        browser.getCookieManager().clearCookies();

        HtmlPage again = choosePassword(browser.getPage(url(link)), INVITEE_PASSWORD, INVITEE_PASSWORD);

        assertThat(again.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(again.getTitleText()).isEqualTo("This invitation does not work · CDN Portal");
        assertThat(again.getAnchorByText("Log in").getHrefAttribute()).isEqualTo("/login");
    }

    @Test
    void shortPassword_isRefusedInlineWithoutEchoingIt_andTheLinkStillWorks() throws IOException {
        String owner = uniqueEmail();
        String invitee = uniqueEmail();
        API.register("Acme", owner, PASSWORD);
        String link = API.invite(owner, invitee, "member");

        HtmlPage page = choosePassword(browser.getPage(url(link)), "short-pw", "short-pw");

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getElementById("password-error").asNormalizedText()).isEqualTo("Must be 10-128 characters.");
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain("short-pw");
        HtmlPage dashboard = choosePassword(page, INVITEE_PASSWORD, INVITEE_PASSWORD);
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void inviteeWhoAlreadyHasAnAccount_isToldToLogIn() throws IOException {
        String owner = uniqueEmail();
        String invitee = uniqueEmail();
        API.register("Acme", owner, PASSWORD);
        API.register("Elsewhere", invitee, PASSWORD);
        String link = API.invite(owner, invitee, "member");

        HtmlPage page = choosePassword(browser.getPage(url(link)), INVITEE_PASSWORD, INVITEE_PASSWORD);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(409);
        assertThat(page.querySelector(".alert--error").asNormalizedText())
                .contains("An account with this email already exists");
        assertThat(API.passwordIs(invitee, PASSWORD)).isTrue();
    }

    @Test
    void invitationPage_isPublicWithCsrfTokenAndLabels() throws IOException {
        HtmlPage page = browser.getPage(url("/invitations/cdn_i_sometoken"));

        assertThat(page.getUrl().getPath()).isEqualTo("/invitations/cdn_i_sometoken");
        HtmlForm form = page.getForms().get(0);
        assertThat(form.getInputByName("_csrf").getValueAttribute()).isNotBlank();
        for (String id : List.of("password", "confirmPassword")) {
            assertThat((org.htmlunit.html.DomNode) page.querySelector("label[for=" + id + "]")).isNotNull();
        }
    }
}

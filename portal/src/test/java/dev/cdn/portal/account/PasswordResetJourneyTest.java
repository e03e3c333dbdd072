package dev.cdn.portal.account;

import java.io.IOException;
import java.net.URL;
import java.util.List;

import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.Test;

import dev.cdn.portal.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password reset in a headless browser against the fake API: from "Forgot your password?" to logging in with
 * the new password. The fake hands out the link the real API writes to its log.
 */
class PasswordResetJourneyTest extends PortalIntegrationTest {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Test
    void forgotPassword_fromLoginPage_toLoginWithNewPassword() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        HtmlPage login = browser.getPage(url("/login"));

        HtmlPage request = login.getAnchorByText("Forgot your password?").click();
        HtmlPage sent = submit(request, "email", email);

        assertThat(sent.getUrl().toString()).endsWith("/password-reset?sent");
        assertThat(sent.getTitleText()).isEqualTo("Check for your reset link · CDN Portal");
        String link = API.resetLinkOf(email);
        assertThat(link).startsWith("/password-reset/cdn_r_");

        HtmlPage choose = browser.getPage(url(link));
        HtmlPage loginAgain = choosePassword(choose, NEW_PASSWORD, NEW_PASSWORD);

        assertThat(loginAgain.getUrl().getPath()).isEqualTo("/login");
        assertThat(loginAgain.getUrl().getQuery()).isEqualTo("reset");
        assertThat(loginAgain.querySelector(".alert--info").asNormalizedText()).contains("Your password was changed");
        assertThat(API.passwordIs(email, NEW_PASSWORD)).isTrue();
        HtmlPage dashboard = logIn(loginAgain, email, NEW_PASSWORD);
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void requestPage_answersTheSameForAnUnknownAddress() throws IOException {
        String known = uniqueEmail();
        API.register("Acme", known, PASSWORD);

        HtmlPage forKnown = submit(browser.getPage(url("/password-reset")), "email", known);
        HtmlPage forUnknown = submit(browser.getPage(url("/password-reset")), "email", uniqueEmail());

        assertThat(forUnknown.getUrl()).isEqualTo(forKnown.getUrl());
        assertThat(forUnknown.getWebResponse().getStatusCode()).isEqualTo(forKnown.getWebResponse().getStatusCode());
        assertThat(forUnknown.querySelector("main").asNormalizedText())
                .isEqualTo(forKnown.querySelector("main").asNormalizedText());
    }

    @Test
    void requestPage_withMalformedAddress_showsApiErrorInlineAndKeepsIt() throws IOException {
        HtmlPage page = submit(browser.getPage(url("/password-reset")), "email", "ann@localhost");

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getElementById("email-error").asNormalizedText()).isEqualTo("Must be a valid email address.");
        assertThat(page.getElementById("email").getAttribute("value")).isEqualTo("ann@localhost");
    }

    @Test
    void newPassword_refusedByApi_showsErrorInlineWithoutEchoingPasswords() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        submit(browser.getPage(url("/password-reset")), "email", email);

        HtmlPage page = choosePassword(browser.getPage(url(API.resetLinkOf(email))), "short-pw", "short-pw");

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getElementById("password-error").asNormalizedText()).isEqualTo("Must be 10-128 characters.");
        assertThat(page.getElementById("password").getAttribute("value")).isEmpty();
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain("short-pw");
        assertThat(API.passwordIs(email, PASSWORD)).as("the link still works after a refusal").isTrue();
    }

    @Test
    void newPassword_differentConfirmation_isRefusedWithoutCallingApi() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        submit(browser.getPage(url("/password-reset")), "email", email);

        HtmlPage page = choosePassword(browser.getPage(url(API.resetLinkOf(email))), NEW_PASSWORD, NEW_PASSWORD + "!");

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getElementById("confirmPassword-error").asNormalizedText())
                .isEqualTo("The passwords do not match.");
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain(NEW_PASSWORD);
        assertThat(API.passwordIs(email, PASSWORD)).isTrue();
    }

    @Test
    void usedOrUnknownLink_showsClearPageWithWayToAskAgain() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        submit(browser.getPage(url("/password-reset")), "email", email);
        String link = API.resetLinkOf(email);
        choosePassword(browser.getPage(url(link)), NEW_PASSWORD, NEW_PASSWORD);

        HtmlPage again = choosePassword(browser.getPage(url(link)), "yet another passphrase", "yet another passphrase");
        HtmlPage unknown = choosePassword(browser.getPage(url("/password-reset/cdn_r_nosuchtoken")), NEW_PASSWORD,
                NEW_PASSWORD);

        for (HtmlPage page : List.of(again, unknown)) {
            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(404);
            assertThat(page.getTitleText()).isEqualTo("This reset link does not work · CDN Portal");
            assertThat(page.getAnchorByText("Ask for a new link").getHrefAttribute()).isEqualTo("/password-reset");
        }
        assertThat(API.passwordIs(email, NEW_PASSWORD)).isTrue();
    }

    @Test
    void reset_endsEverySessionOfTheUser() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        HtmlPage dashboard = logIn(browser.getPage(url("/login")), email, PASSWORD);
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
        submit(browser.getPage(url("/password-reset")), "email", email);

        HtmlPage loginAgain = choosePassword(browser.getPage(url(API.resetLinkOf(email))), NEW_PASSWORD, NEW_PASSWORD);

        assertThat(loginAgain.getUrl().getPath()).as("not redirected to a dashboard").isEqualTo("/login");
        assertThat(API.activeSessionsOf(email)).isZero();
        assertThat(((HtmlPage) browser.getPage(url("/dashboard"))).getUrl().getPath()).isEqualTo("/login");
    }

    @Test
    void resetPages_arePublicCarryCsrfTokensAndLabelEveryInput() throws IOException {
        for (String path : List.of("/password-reset", "/password-reset/cdn_r_sometoken")) {
            HtmlPage page = browser.getPage(url(path));
            assertThat(page.getUrl().getPath()).as("public: %s", path).isEqualTo(path);
            HtmlForm form = page.getForms().get(0);
            assertThat(form.getInputByName("_csrf").getValueAttribute()).isNotBlank();
            page.querySelectorAll("input:not([type=hidden])").forEach(input -> {
                String id = ((org.htmlunit.html.DomElement) input).getId();
                assertThat((org.htmlunit.html.DomNode) page.querySelector("label[for=" + id + "]"))
                        .as("label for #%s on %s", id, path).isNotNull();
            });
        }
    }

    @Test
    void resetWithoutCsrfToken_isRefusedAndKeepsThePassword() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        submit(browser.getPage(url("/password-reset")), "email", email);
        WebRequest forged = new WebRequest(new URL(url(API.resetLinkOf(email))), HttpMethod.POST);
        forged.setRequestParameters(List.of(new NameValuePair("password", "attacker's choice!"),
                new NameValuePair("confirmPassword", "attacker's choice!")));
        forged.setAdditionalHeader("Accept", "text/html");

        Page page = browser.getPage(forged);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(API.passwordIs(email, PASSWORD)).isTrue();
    }

    @Test
    void requestPage_whenApiIsDown_saysSoAndKeepsAddress() throws IOException {
        String email = uniqueEmail();
        HtmlPage form = browser.getPage(url("/password-reset"));
        API.setOutage(true);

        HtmlPage page = submit(form, "email", email);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(503);
        assertThat(page.querySelector(".alert--error").asNormalizedText()).contains("cannot be reached");
        assertThat(page.getElementById("email").getAttribute("value")).isEqualTo(email);
    }

    /** The page's own form: a signed-in page also has the header's logout form. */
    private static HtmlForm mainForm(HtmlPage page) {
        return page.getFirstByXPath("//main//form");
    }

    private static HtmlPage submit(HtmlPage page, String field, String value) throws IOException {
        HtmlForm form = mainForm(page);
        form.getInputByName(field).setValue(value);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    static HtmlPage choosePassword(HtmlPage page, String password, String confirm) throws IOException {
        HtmlForm form = mainForm(page);
        form.getInputByName("password").setValue(password);
        form.getInputByName("confirmPassword").setValue(confirm);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    static HtmlPage logIn(HtmlPage loginPage, String email, String password) throws IOException {
        HtmlForm form = loginPage.getForms().get(0);
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(password);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}

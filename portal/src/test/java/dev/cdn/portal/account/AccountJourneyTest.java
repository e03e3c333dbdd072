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

/** Drives the account pages in a headless browser: signup, login, logout, and how each shows its errors. */
class AccountJourneyTest extends PortalIntegrationTest {

    @Test
    void signup_logsInAndShowsEmptyDashboard() throws IOException {
        String email = uniqueEmail();

        HtmlPage dashboard = signUp("Acme", email, PASSWORD, PASSWORD);

        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
        assertThat(dashboard.getTitleText()).isEqualTo("Dashboard · CDN Portal");
        assertThat(dashboard.querySelector(".empty-state").asNormalizedText()).contains("No services yet");
        assertThat(dashboard.querySelector(".tenant-name").asNormalizedText()).isEqualTo("Acme");
        assertThat(dashboard.querySelector(".user-email").asNormalizedText()).isEqualTo(email);
        assertThat(API.activeSessionsOf(email)).isEqualTo(1);
    }

    @Test
    void logout_thenLogin_returnsToDashboard() throws IOException {
        String email = uniqueEmail();
        HtmlPage dashboard = signUp("Globex", email, PASSWORD, PASSWORD);

        HtmlPage loggedOut = logOut(dashboard);

        assertThat(loggedOut.getUrl().getPath()).isEqualTo("/login");
        assertThat(loggedOut.querySelector(".alert--info").asNormalizedText()).isEqualTo("You have been logged out.");
        assertThat(API.activeSessionsOf(email)).as("API token revoked on logout").isZero();
        HtmlPage afterLogout = browser.getPage(url("/dashboard"));
        assertThat(afterLogout.getUrl().getPath()).as("dashboard needs a login again").isEqualTo("/login");

        HtmlPage again = logIn(afterLogout, email, PASSWORD);

        assertThat(again.getUrl().getPath()).isEqualTo("/dashboard");
        assertThat(again.querySelector(".tenant-name").asNormalizedText()).isEqualTo("Globex");
    }

    @Test
    void login_withWrongPassword_showsErrorAndKeepsEmail() throws IOException {
        String email = uniqueEmail();
        API.register("Initech", email, PASSWORD);

        HtmlPage page = logIn(browser.getPage(url("/login")), email, "not the password");

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(401);
        assertThat(page.getUrl().getPath()).isEqualTo("/login");
        assertThat(page.querySelector(".alert--error").asNormalizedText()).isEqualTo("Wrong email or password.");
        assertThat(page.getElementById("email").getAttribute("value")).isEqualTo(email);
        assertThat(page.getElementById("password").getAttribute("value")).isEmpty();
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain("not the password");
    }

    @Test
    void signup_withInvalidEmail_showsApiErrorInlineAndKeepsTenantName() throws IOException {
        // Accepted by the browser's type=email check, rejected by the API: the error must come from the API.
        HtmlPage page = signUp("Umbrella Corp", "ann@localhost", PASSWORD, PASSWORD);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getUrl().getPath()).isEqualTo("/signup");
        assertThat(page.getElementById("email-error").asNormalizedText()).isEqualTo("Must be a valid email address.");
        assertThat(page.getElementById("email").getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(page.getElementById("tenantName").getAttribute("value")).isEqualTo("Umbrella Corp");
        assertThat(page.getElementById("email").getAttribute("value")).isEqualTo("ann@localhost");
        assertThat(page.getElementById("password").getAttribute("value")).isEmpty();
        assertThat(page.getElementById("confirmPassword").getAttribute("value")).isEmpty();
        assertThat(page.getWebResponse().getContentAsString()).doesNotContain(PASSWORD);
    }

    @Test
    void signup_withRegisteredEmail_saysAccountExistsOnEmailField() throws IOException {
        String email = uniqueEmail();
        API.register("First", email, PASSWORD);

        HtmlPage page = signUp("Second", email, PASSWORD, PASSWORD);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(409);
        assertThat(page.getElementById("email-error").asNormalizedText())
                .isEqualTo("An account with this email already exists.");
        assertThat(page.getElementById("tenantName").getAttribute("value")).isEqualTo("Second");
    }

    @Test
    void signup_withDifferentPasswords_isRefusedWithoutCallingApi() throws IOException {
        String email = uniqueEmail();

        HtmlPage page = signUp("Hooli", email, PASSWORD, PASSWORD + "!");

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getElementById("confirmPassword-error").asNormalizedText())
                .isEqualTo("The passwords do not match.");
        assertThat(API.hasAccount(email)).isFalse();
    }

    @Test
    void postWithoutCsrfToken_isRefusedWith403Page() throws IOException {
        String email = uniqueEmail();
        WebRequest forged = new WebRequest(new URL(url("/signup")), HttpMethod.POST);
        forged.setRequestParameters(List.of(
                new NameValuePair("tenantName", "Evil"),
                new NameValuePair("email", email),
                new NameValuePair("password", PASSWORD),
                new NameValuePair("confirmPassword", PASSWORD)));
        forged.setAdditionalHeader("Accept", "text/html,application/xhtml+xml"); // as a browser's form post

        Page page = browser.getPage(forged);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(((HtmlPage) page).getTitleText()).isEqualTo("Access denied · CDN Portal");
        assertThat(API.hasAccount(email)).isFalse();
    }

    @Test
    void logoutWithoutCsrfToken_isRefusedAndKeepsSession() throws IOException {
        signUp("Stark", uniqueEmail(), PASSWORD, PASSWORD);

        Page refused = browser.getPage(new WebRequest(new URL(url("/logout")), HttpMethod.POST));
        HtmlPage dashboard = browser.getPage(url("/dashboard"));

        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void everyForm_carriesCsrfToken() throws IOException {
        HtmlPage login = browser.getPage(url("/login"));
        HtmlPage signup = browser.getPage(url("/signup"));

        for (HtmlPage page : List.of(login, signup)) {
            HtmlForm form = page.getForms().get(0);
            assertThat(form.getInputsByName("_csrf")).hasSize(1);
            assertThat(form.getInputByName("_csrf").getValueAttribute()).isNotBlank();
        }
    }

    @Test
    void everyInput_hasALabel() throws IOException {
        for (String path : List.of("/login", "/signup")) {
            HtmlPage page = browser.getPage(url(path));
            page.querySelectorAll("input:not([type=hidden])").forEach(input -> {
                String id = ((org.htmlunit.html.DomElement) input).getId();
                assertThat((org.htmlunit.html.DomNode) page.querySelector("label[for=" + id + "]")).as("label for #%s on %s", id, path).isNotNull();
            });
        }
    }

    @Test
    void login_whenApiIsDown_showsUnavailableMessage() throws IOException {
        String email = uniqueEmail();
        API.register("Wayne", email, PASSWORD);
        API.setOutage(true);

        HtmlPage page = logIn(browser.getPage(url("/login")), email, PASSWORD);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(503);
        assertThat(page.querySelector(".alert--error").asNormalizedText()).contains("cannot be reached");
        assertThat(page.getElementById("email").getAttribute("value")).isEqualTo(email);
    }

    @Test
    void loginAndSignupPages_redirectASignedInUserToDashboard() throws IOException {
        signUp("Cyberdyne", uniqueEmail(), PASSWORD, PASSWORD);

        assertThat(((HtmlPage) browser.getPage(url("/login"))).getUrl().getPath()).isEqualTo("/dashboard");
        assertThat(((HtmlPage) browser.getPage(url("/signup"))).getUrl().getPath()).isEqualTo("/dashboard");
        assertThat(((HtmlPage) browser.getPage(url("/"))).getUrl().getPath()).isEqualTo("/dashboard");
    }

    private HtmlPage signUp(String tenantName, String email, String password, String confirm) throws IOException {
        HtmlPage page = browser.getPage(url("/signup"));
        assertThat(page.getTitleText()).isEqualTo("Sign up · CDN Portal");
        HtmlForm form = page.getForms().get(0);
        form.getInputByName("tenantName").setValue(tenantName);
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(password);
        form.getInputByName("confirmPassword").setValue(confirm);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    private static HtmlPage logIn(HtmlPage loginPage, String email, String password) throws IOException {
        assertThat(loginPage.getTitleText()).isEqualTo("Log in · CDN Portal");
        HtmlForm form = loginPage.getForms().get(0);
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(password);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }

    private static HtmlPage logOut(HtmlPage page) throws IOException {
        HtmlForm form = page.getFirstByXPath("//form[@action='/logout']");
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}

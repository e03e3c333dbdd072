package dev.cdn.portal.dashboard;

import java.io.IOException;
import java.util.List;

import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import dev.cdn.portal.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard as a browser sees it: the service list, and what happens when the API token or API fails. */
class DashboardTest extends PortalIntegrationTest {

    @Test
    void dashboard_whenAnonymous_redirectsToLogin() throws IOException {
        HtmlPage page = browser.getPage(url("/dashboard"));

        assertThat(page.getUrl().getPath()).isEqualTo("/login");
    }

    @Test
    void login_afterBeingSentToLogin_returnsToTheRequestedPage() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);

        HtmlPage dashboard = logIn(browser.getPage(url("/dashboard")), email);

        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
    }

    @Test
    void dashboard_listsTheTenantsServices() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        API.addService(email, "www", List.of("www.acme.test", "acme.test"), 1, 2);
        API.addService(email, "static", List.of("static.acme.test"), null, 1);

        HtmlPage page = logIn(browser.getPage(url("/login")), email);

        List<String> rows = page.querySelectorAll(".service-row").stream().map(DomNode::asNormalizedText).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("www", "www.acme.test", "acme.test", "v1", "v2", "not active");
        assertThat(rows.get(1)).contains("static", "static.acme.test", "None", "v1");
        assertThat((DomNode) page.querySelector(".empty-state")).isNull();
    }

    @Test
    void expiredApiToken_logsOutAndExplainsWhy() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        logIn(browser.getPage(url("/login")), email);
        API.expireSessionsOf(email);

        HtmlPage page = browser.getPage(url("/dashboard"));

        assertThat(page.getUrl().getPath()).isEqualTo("/login");
        assertThat(page.querySelector(".alert--info").asNormalizedText())
                .isEqualTo("Your session has expired. Please log in again.");
        HtmlPage again = browser.getPage(url("/dashboard"));
        assertThat(again.getUrl().getPath()).as("the portal session ended too").isEqualTo("/login");
    }

    @Test
    void dashboard_whenApiIsDown_keepsPageAndSaysSo() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        logIn(browser.getPage(url("/login")), email);
        API.setOutage(true);

        HtmlPage page = browser.getPage(url("/dashboard"));

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(503);
        assertThat(page.querySelector(".alert--error").asNormalizedText()).contains("cannot be reached");
        assertThat((DomNode) page.querySelector(".empty-state")).as("an outage is not an empty account").isNull();
        assertThat(page.querySelector(".user-email").asNormalizedText()).isEqualTo(email);
    }

    private static HtmlPage logIn(HtmlPage loginPage, String email) throws IOException {
        HtmlForm form = loginPage.getForms().get(0);
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(PASSWORD);
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}

package dev.cdn.portal.web;

import java.io.IOException;
import java.net.URL;

import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import dev.cdn.portal.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The portal's own error pages replace Spring's defaults, and never show internals. */
class ErrorPagesTest extends PortalIntegrationTest {

    @Test
    void unknownPage_whenSignedIn_showsPortal404() throws IOException {
        logIn();

        HtmlPage page = browser.getPage(url("/no-such-page"));

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(page.getTitleText()).isEqualTo("Page not found · CDN Portal");
        assertThat(page.getWebResponse().getContentAsString())
                .doesNotContain("Whitelabel", "Exception", "at dev.cdn", "at org.springframework");
    }

    @Test
    void unexpectedFailure_showsPortal500WithoutDetails() throws IOException {
        logIn();

        HtmlPage page = browser.getPage(url("/test/failure"));

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(500);
        assertThat(page.getTitleText()).isEqualTo("Something went wrong · CDN Portal");
        assertThat(page.getWebResponse().getContentAsString())
                .doesNotContain("hunter2", "IllegalStateException", "at dev.cdn", "Whitelabel");
    }

    @Test
    void unknownPage_whenAnonymous_asksToLogIn() throws IOException {
        // Deny by default: an anonymous visitor learns nothing about which paths exist.
        HtmlPage page = browser.getPage(url("/no-such-page"));

        assertThat(page.getUrl().getPath()).isEqualTo("/login");
    }

    @Test
    void forbidden_showsPortal403() throws IOException {
        WebRequest forged = new WebRequest(new URL(url("/login")), HttpMethod.POST);
        forged.setAdditionalHeader("Accept", "text/html");

        HtmlPage page = browser.getPage(forged);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(page.getTitleText()).isEqualTo("Access denied · CDN Portal");
    }

    @Test
    void stylesheet_isServedByThePortal() throws IOException {
        var response = browser.getPage(url("/css/portal.css")).getWebResponse();

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("text/css");
    }

    private void logIn() throws IOException {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        HtmlForm form = ((HtmlPage) browser.getPage(url("/login"))).getForms().get(0);
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(PASSWORD);
        HtmlPage dashboard = form.getOneHtmlElementByAttribute("button", "type", "submit").click();
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
    }
}

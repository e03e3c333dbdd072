package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the HtmlUnit journeys against the real platform ({@link RealPlatform}, one per test class): a fresh
 * browser per test (no JavaScript unless a test turns it on), and the steps every journey takes.
 */
abstract class RealPlatformHtmlUnitTest {

    static final String PASSWORD = "a long enough password";

    static RealPlatform platform;
    WebClient browser;

    @BeforeAll
    static void start() throws IOException {
        platform = new RealPlatform();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setTimeout(30_000);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    }

    void logIn(String email) throws IOException {
        HtmlPage login = browser.getPage(platform.portalUrl("/login"));
        HtmlForm form = login.getForms().get(0);
        form.getInputByName("email").setValue(email);
        form.getInputByName("password").setValue(PASSWORD);
        HtmlPage dashboard = submit(form);
        assertThat(dashboard.getUrl().getPath()).isEqualTo("/dashboard");
    }

    static HtmlForm formEndingWith(HtmlPage page, String action) {
        return page.getForms().stream().filter(f -> f.getActionAttribute().endsWith(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no form posting to *" + action + " on " + page.getUrl()));
    }

    /** Clicks the form's first submit button (its default one). */
    static HtmlPage submit(HtmlForm form) throws IOException {
        return form.getOneHtmlElementByAttribute("button", "type", "submit").click();
    }
}

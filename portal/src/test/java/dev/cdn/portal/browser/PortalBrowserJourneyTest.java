package dev.cdn.portal.browser;

import dev.cdn.testsupport.ScratchDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal in a real browser (Debian's headless Chromium through chromedriver) against the real platform:
 * sign up, create a service, add an origin and a rule (first with mistakes, shown inline), activate it and
 * watch the rollout reach the edge, serve traffic through the edge, purge and watch every edge apply it, see
 * the traffic in analytics and on the dashboard and the origin's health on the service page, create and revoke a token, visit team and audit; and what a
 * forged CSRF token or another tenant's id gets. A screenshot of each main page goes to
 * {@code target/screenshots}, at the desktop size and at 390 px, and axe-core finds no serious or critical
 * accessibility violation on any of them.
 */
class PortalBrowserJourneyTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String DOMAIN = "shop.browser.localhost";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RealPlatform platform;
    private static WebDriver browser;
    private static Path profile;
    private static AxeCore axe;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        HeadlessChromium.requireInstalled();
        axe = AxeCore.load();
        platform = new RealPlatform();
        profile = ScratchDirs.create("portal-chromium-profile");
        browser = HeadlessChromium.start(profile, PATIENCE);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
        ScratchDirs.deleteQuietly(profile);
    }

    @Test
    void signup_service_originAndRule_activate_purge_analytics_tokens_team_audit() throws IOException {
        // Sign up: the portal logs the new owner in and shows the empty dashboard.
        open("/signup");
        type("tenantName", "Browser Shop");
        type("email", "owner-" + UUID.randomUUID() + "@shop.test");
        type("password", "a long enough password");
        type("confirmPassword", "a long enough password");
        submit("Create account");
        assertTitle("Dashboard · CDN Portal");
        assertThat(text("main")).contains("No services yet");
        screenshot("01-dashboard-empty");

        // Create a service with its first domain and origin, given as one address; one that does not say whether
        // the origin speaks HTTP or HTTPS on an unusual port is refused next to the field, with what was typed kept.
        browser.findElement(By.linkText("New service")).click();
        type("name", "shop");
        type("domain", DOMAIN);
        type("originUrl", "127.0.0.1:" + platform.origin.port());
        submit("Create service");
        assertThat(text("#originUrl-error")).startsWith("Start the address with http:// or https://");
        assertThat(value("originUrl")).isEqualTo("127.0.0.1:" + platform.origin.port());
        assertThat(value("domain")).isEqualTo(DOMAIN);
        type("originUrl", "http://127.0.0.1:" + platform.origin.port()); // the origin speaks plain HTTP
        submit("Create service");
        assertTitle("shop · Configuration · CDN Portal");
        String serviceId = browser.getCurrentUrl().replaceAll(".*/services/([^/?#]+).*", "$1");
        assertThat(text("#domains")).contains(DOMAIN);

        // Edit the origin. (One origin only: with a second one the compiled config crosses a chunk boundary
        // of the control stream, which the edge runtime does not reassemble yet; see docs/portal.md.)
        browser.findElement(By.cssSelector("a[aria-label='Edit origin web']")).click();
        type("weight", "50");
        submit("Save origin");
        assertThat(text("#origins")).contains("web", "http://127.0.0.1:" + platform.origin.port(), "50");

        // Add a rule; the API's own validation message appears next to the path prefix, the values stay.
        browser.findElement(By.linkText("Add rule")).click();
        type("name", "static");
        type("pathPrefix", "static/");
        type("edgeTtlSeconds", "300");
        type("surrogateKeys", "static");
        submit("Add rule");
        assertThat(browser.findElement(By.id("pathPrefix-error")).getText()).contains("Must start with '/'");
        assertThat(value("name")).isEqualTo("static");
        assertThat(value("edgeTtlSeconds")).isEqualTo("300");
        screenshot("02-rule-form-with-api-error");
        type("pathPrefix", "/static/");
        submit("Add rule");
        assertThat(text("#rules")).contains("static", "path starts with /static/", "300 s");
        screenshot("03-service-configuration");
        atPhoneWidth(() -> {
            // On a 390 px wide phone a rule is a card: its name shows and every action lies inside the screen.
            long viewport = (Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.clientWidth");
            WebElement name = browser.findElement(By.cssSelector(".rule-row .rule-name"));
            assertThat(name.isDisplayed()).isTrue();
            assertThat(name.getRect().getX() + name.getRect().getWidth()).isLessThanOrEqualTo((int) viewport);
            for (String action : List.of("Move rule static up", "Edit rule static", "Delete rule static")) {
                WebElement button = browser.findElement(By.cssSelector("[aria-label='" + action + "']"));
                assertThat(button.getRect().getX()).as(action).isGreaterThanOrEqualTo(0);
                assertThat(button.getRect().getX() + button.getRect().getWidth()).as(action)
                        .isLessThanOrEqualTo((int) viewport);
            }
            assertThat((Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(viewport);
            save("03-service-configuration-390px");
        });

        // Validate and activate; the rollout panel polls until the edge runs the version.
        browser.findElement(By.linkText("Versions & rollout")).click();
        submit("Validate draft");
        assertThat(text("#validation")).contains("is valid");
        submit("Activate version 1");
        assertThat(text("main")).contains("Version 1 is now active");
        awaitRolloutComplete();
        assertThat(text("#rollout")).contains("Complete", RealPlatform.EDGE_ID, "current");
        screenshot("04-versions-and-rollout");

        // Traffic through the edge: a miss, then a hit.
        assertThat(viaEdge("/static/site.css")).isEqualTo("MISS");
        assertThat(viaEdge("/static/site.css")).isEqualTo("HIT");

        // Purge the URL and follow it until every edge has applied it.
        browser.findElement(By.linkText("Purge")).click();
        type("values", "http://" + DOMAIN + "/static/site.css");
        submit("Purge");
        assertThat(browser.getCurrentUrl()).contains("/purges/");
        waitFor(By.cssSelector("#progress[data-status='complete']"));
        assertThat(text("#progress")).contains("complete", "1 of 1 edges done", RealPlatform.EDGE_ID);
        screenshot("05-purge-complete");
        assertThat(viaEdge("/static/site.css")).isEqualTo("MISS");
        // The purge history lists it, with the edge that applied it.
        follow("Purge history");
        assertThat(text(".purge-history-item")).contains("applied", RealPlatform.EDGE_ID);
        screenshot("05b-purge-history");

        // The edge reports its counters to the API every few seconds; analytics shows them once they arrive.
        browser.findElement(By.linkText("Analytics")).click();
        assertTitle("shop · Analytics · CDN Portal");
        String analytics = browser.getCurrentUrl();
        new WebDriverWait(browser, PATIENCE).pollingEvery(Duration.ofSeconds(1)).until(b -> {
            if ("3".equals(text("#total-requests"))) {
                return true;
            }
            b.get(analytics);
            return false;
        });
        assertThat(text("#total-requests")).isEqualTo("3");
        assertThat(text("#total-hit-ratio")).isEqualTo("33.3 %");
        waitFor(By.cssSelector(".charts[data-loaded='true']"));
        screenshot("06-analytics");

        // The dashboard shows the last hour's headline numbers.
        open("/dashboard");
        assertThat(text(".headline-requests")).isEqualTo("3");
        assertThat(text(".headline-hit-ratio")).isEqualTo("33.3 %");
        screenshot("07-dashboard");

        // Origin health comes with the edge's counters: the origin that answered the traffic is healthy.
        String configPage = platform.portalUrl("/services/" + serviceId);
        By webHealth = By.cssSelector(".origin-health [data-origin='web']");
        new WebDriverWait(browser, PATIENCE).pollingEvery(Duration.ofSeconds(1)).until(b -> {
            b.get(configPage);
            return "healthy".equals(b.findElement(webHealth).getDomAttribute("data-status"));
        });
        assertThat(text(".origin-health")).contains("healthy", "1 of 1 node healthy");
        screenshot("07b-origin-health");

        // An API token: the secret is shown once, then it can be revoked.
        browser.findElement(By.linkText("API tokens")).click();
        type("name", "deploy");
        browser.findElement(By.id("scope-purge")).click();
        submit("Create token");
        assertThat(value("token-secret")).startsWith("cdn_t_");
        screenshot("08-token-created");
        WebElement revoke = browser.findElement(By.cssSelector("a[aria-label='Revoke token deploy']"));
        revoke.click();
        // The link opens a confirmation page; read it only once the old page is gone.
        new WebDriverWait(browser, PATIENCE).until(replaced(revoke));
        assertThat(text("h1")).isEqualTo("Revoke token deploy?");
        screenshot("08-token-revoke-confirmation");
        submit("Revoke the token");
        assertThat(text("main")).contains("The token was revoked.", "revoked");

        follow("Team");
        assertThat(text("main")).contains("owner");
        screenshot("09-team");

        follow("Audit log");
        assertThat(text("main")).contains("service.create", "rule.add", "version.activate", "purge.create",
                "token.create", "token.revoke");
        screenshot("10-audit");

        // Another tenant's (or no) service id: the portal's "not found" page, no trace.
        open("/services/" + UUID.randomUUID());
        assertTitle("Page not found · CDN Portal");

        // A forged CSRF token: refused with the portal's 403 page, and no purge is created.
        open("/services/" + serviceId + "/purge");
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('input[name=_csrf]').forEach(function (i) { i.value = 'forged'; });");
        type("values", "http://" + DOMAIN + "/static/other.css");
        submit("Purge");
        assertTitle("Access denied · CDN Portal");
        screenshot("11-forged-csrf");
    }

    /** Checks the page title; on a mismatch the message shows what the page said instead. */
    private void assertTitle(String expected) {
        assertThat(browser.getTitle()).as(() -> "page " + browser.getCurrentUrl() + " says: " + text("main"))
                .isEqualTo(expected);
    }

    private void open(String path) {
        browser.get(platform.portalUrl(path));
    }

    private void type(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private String value(String id) {
        return browser.findElement(By.id(id)).getDomProperty("value");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    /** Follows a link and waits until the page it leads to has replaced this one. */
    private void follow(String linkText) {
        WebElement main = browser.findElement(By.cssSelector("main"));
        browser.findElement(By.linkText(linkText)).click();
        new WebDriverWait(browser, PATIENCE).until(replaced(main));
    }

    private void submit(String buttonText) {
        WebElement button = browser.findElement(By.xpath("//button[normalize-space()='" + buttonText + "']"));
        button.click();
        new WebDriverWait(browser, PATIENCE).until(replaced(button));
    }

    /**
     * True once {@code element}'s page has been replaced. Selenium's {@code stalenessOf} knows only the stale-element
     * error; while a page is being replaced Chromium may instead answer "Node with given id does not belong to the
     * document", which means the same.
     */
    private static ExpectedCondition<Boolean> replaced(WebElement element) {
        return driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        };
    }

    private void waitFor(By locator) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    /** Waits for the rollout panel (which polls itself) to say complete. */
    private void awaitRolloutComplete() {
        waitFor(By.cssSelector("#rollout[data-complete='true']"));
    }

    /** Runs {@code check} on the current page reloaded at 390 px wide (a phone), then goes back to the desktop size. */
    private void atPhoneWidth(PageCheck check) throws IOException {
        Dimension desktop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 1600));
        try {
            browser.navigate().refresh();
            check.run();
        } finally {
            browser.manage().window().setSize(desktop);
            browser.navigate().refresh();
        }
    }

    /** A check of the page shown that may save a screenshot. */
    private interface PageCheck {
        void run() throws IOException;
    }

    /**
     * Saves the page as shown, and again at a phone's 390 px width as {@code name-390px.png}. The window is resized,
     * not reloaded, so a page that answered a form post is not posted again.
     */
    private void screenshot(String name) throws IOException {
        assertThat(axe.seriousViolations(browser)).as("serious or critical axe-core violations on %s", name).isEmpty();
        save(name);
        Dimension desktop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 1600));
        try {
            save(name + "-390px");
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    private void save(String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fetches a path of the service through the edge and answers its {@code X-Cache} header. */
    private static String viaEdge(String path) {
        return HttpClient.create()
                .headers(h -> h.set("Host", DOMAIN))
                .get().uri("http://127.0.0.1:" + platform.edge.port() + path)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(ignored -> String.valueOf(response.responseHeaders().get("X-Cache"))))
                .block(Duration.ofSeconds(10));
    }
}

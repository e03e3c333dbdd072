package dev.cdn.portal.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.testsupport.ScratchDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import tools.jackson.databind.JsonNode;

import dev.cdn.testsupport.TestPki;

/**
 * axe-core on every page of the portal, not only those the main journey passes through: a tenant is seeded through
 * the real API with something on every page (an active, an inactive and a draft version, a rule, two origins, a
 * certificate, an alert rule, a purge, a token, a member, an invitation), then Chromium opens each page by its
 * address, the pages that answer a form post (purge everything, a form with errors) by submitting the form, and the
 * anonymous and error pages. The test fails naming each page and each serious or critical rule it breaks, or a page
 * that needs a horizontal scroll on a 360 px screen, and saves every page at the desktop size and at 390 px under
 * {@code target/screenshots/every-page/}.
 */
class EveryPageAccessibilityTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots", "every-page");
    private static final String PASSWORD = "a long enough password";

    private static RealPlatform platform;
    private static WebDriver browser;
    private static Path profile;
    private static AxeCore axe;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        HeadlessChromium.requireInstalled();
        axe = AxeCore.load();
        platform = new RealPlatform();
        profile = ScratchDirs.create("portal-chromium-every-page");
        browser = HeadlessChromium.start(profile, Duration.ofSeconds(30));
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
    void everyPage_hasNoSeriousOrCriticalAxeViolation() throws Exception {
        Map<String, String> problems = new LinkedHashMap<>();

        // Anonymous pages first (no session yet).
        check("login", "/login", problems);
        check("signup", "/signup", problems);
        check("password-reset-request", "/password-reset", problems);
        check("password-reset-choose", "/password-reset/not-a-real-token", problems);
        check("invitation-accept", "/invitations/not-a-real-token", problems);
        check("not-found-anonymous", "/no-such-page", problems);

        Seed seed = seed();
        logIn(seed.email());
        String s = "/services/" + seed.serviceId();
        String draft = s + "/versions/" + seed.draft();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/dashboard");
        pages.put("service-new", "/services/new");
        pages.put("service-config", s);
        pages.put("versions", s + "/versions");
        pages.put("compare", s + "/versions/compare?from=1&to=" + seed.draft());
        pages.put("confirm-rollback", s + "/versions/1/rollback");
        pages.put("confirm-discard-draft", draft + "/discard");
        pages.put("confirm-delete-service", s + "/delete");
        pages.put("confirm-remove-domain", draft + "/domains/remove?domain=" + seed.domain());
        pages.put("origin-new", draft + "/origins/new");
        pages.put("origin-edit", draft + "/origins/web/edit");
        pages.put("confirm-delete-origin", draft + "/origins/spare/delete");
        pages.put("rule-new", draft + "/rules/new");
        pages.put("rule-edit", draft + "/rules/static/edit");
        pages.put("confirm-delete-rule", draft + "/rules/static/delete");
        pages.put("protection", draft + "/protection");
        pages.put("logic", s + "/logic");
        pages.put("purge", s + "/purge");
        pages.put("purge-history", s + "/purges");
        pages.put("purge-progress", "/purges/" + seed.purgeId());
        pages.put("analytics", s + "/analytics");
        pages.put("alerts", s + "/alerts");
        pages.put("alert-edit", s + "/alerts/" + seed.alertId() + "/edit");
        pages.put("confirm-delete-alert", s + "/alerts/" + seed.alertId() + "/delete");
        pages.put("live-logs", s + "/logs");
        pages.put("debug", s + "/debug");
        pages.put("certificates", s + "/certificates");
        pages.put("tokens", "/tokens");
        pages.put("confirm-revoke-token", "/tokens/" + seed.tokenId() + "/revoke");
        pages.put("team", "/team");
        pages.put("confirm-remove-member", "/team/users/" + seed.memberId() + "/remove");
        pages.put("audit", "/audit");
        pages.put("not-allowed-403", "/not-allowed");
        pages.put("not-found-404", "/no-such-page");
        pages.put("unknown-service-404", "/services/00000000-0000-4000-8000-000000000000");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            check(page.getKey(), page.getValue(), problems);
        }

        // Pages that answer a form post: the purge-everything confirmation and a form that came back with errors.
        browser.get(platform.portalUrl(s + "/purge"));
        browser.findElement(By.cssSelector("input[name='kind'][value='all']")).click();
        browser.findElement(By.cssSelector("main form button[type='submit']")).click();
        checkShown("confirm-purge-everything", problems);
        browser.get(platform.portalUrl("/services/new"));
        browser.findElement(By.id("originUrl")).sendKeys("127.0.0.1:8090");
        browser.findElement(By.cssSelector("main form button[type='submit']")).click();
        checkShown("service-new-with-errors", problems);

        assertThat(problems).as("pages with serious or critical axe-core violations (page: rule (impact): help at"
                + " elements)").isEmpty();
    }

    /** Opens {@code path}, runs axe and saves the page at both sizes. */
    private static void check(String name, String path, Map<String, String> problems) throws IOException {
        browser.get(platform.portalUrl(path));
        checkShown(name + " (" + path + ")", problems);
    }

    private static void checkShown(String name, Map<String, String> problems) throws IOException {
        String found = axe.seriousViolations(browser);
        if (!found.isEmpty()) {
            problems.put(name, found);
        }
        String file = name.replaceAll(" .*", "");
        save(file);
        Dimension desktop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 1600));
        try {
            save(file + "-390px");
            // The narrowest phones in use are 360 px wide: nothing may need a horizontal scroll there.
            browser.manage().window().setSize(new Dimension(360, 1600));
            Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            if (((Number) overflow).longValue() > 0) {
                problems.merge(name, "wider than a 360 px screen by " + overflow + " px", (a, b) -> a + "\n" + b);
            }
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    private static void save(String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void logIn(String email) {
        browser.get(platform.portalUrl("/login"));
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("main form button[type='submit']")).click();
        // The log-in goes back to the last page asked for (here the 404 page); the dashboard proves the session.
        browser.get(platform.portalUrl("/dashboard"));
        assertThat(browser.getTitle()).startsWith("Dashboard");
    }

    /** What the seeded tenant holds, by id. */
    private record Seed(String email, String serviceId, String domain, int draft, String purgeId, String alertId,
                        String tokenId, String memberId) {
    }

    private static Seed seed() throws Exception {
        String email = "every-page@portal.test";
        String domain = "www.every.localhost";
        String session = platform.signUp(email, PASSWORD);
        String id = platform.api("POST", "/v1/services", session, Map.of("name", "every", "domains", List.of(domain),
                "note", "First setup", "origins", List.of(Map.of("name", "web", "host", "127.0.0.1",
                        "port", platform.origin.port(), "tls", false)))).path("id").asString();
        String v = "/v1/services/" + id + "/versions/";
        platform.api("POST", v + "1/activate", session, null);
        platform.api("POST", v + "1/clone", session, Map.of("note", "Images cached for a day"));
        platform.api("POST", v + "2/rules", session, Map.of("name", "static", "match", Map.of("pathPrefix", "/static/"),
                "edgeTtlSeconds", 300));
        platform.api("POST", v + "2/activate", session, null);
        platform.api("POST", v + "2/clone", session, Map.of("note", "A spare origin"));
        platform.api("POST", v + "3/origins", session, Map.of("name", "spare", "host", "127.0.0.1", "port", 9,
                "tls", false, "pool", "backup"));
        TestPki.Issued leaf = TestPki.leaf(TestPki.authority("Every page CA"), Duration.ofDays(90), domain);
        platform.api("POST", "/v1/services/" + id + "/certificates", session,
                Map.of("chain", leaf.chainPem(), "key", leaf.keyPem()));
        String alertId = platform.api("POST", "/v1/services/" + id + "/alerts", session,
                Map.of("kind", "error_rate_above", "threshold", 0.1)).path("id").asString();
        String purgeId = platform.api("POST", "/v1/services/" + id + "/purge", session,
                Map.of("urls", List.of("http://" + domain + "/static/a.css"))).path("id").asString();
        String tokenId = platform.api("POST", "/v1/tokens", session, Map.of("name", "deploys",
                "scopes", List.of("purge"))).path("id").asString();
        JsonNode invitation = platform.api("POST", "/v1/invitations", session,
                Map.of("email", "member@every.test", "role", "member"));
        platform.api("POST", "/v1/invitations/" + invitation.path("token").asString() + "/accept", null,
                Map.of("password", PASSWORD));
        platform.api("POST", "/v1/invitations", session, Map.of("email", "pending@every.test", "role", "admin"));
        String memberId = null;
        for (JsonNode user : platform.api("GET", "/v1/users", session, null).path("items")) {
            if ("member@every.test".equals(user.path("email").asString())) {
                memberId = user.path("id").asString();
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : Map.of("alert", alertId, "purge", purgeId, "token", tokenId,
                "member", String.valueOf(memberId)).entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty() || e.getValue().equals("null")) {
                missing.add(e.getKey());
            }
        }
        assertThat(missing).as("seeded through the API").isEmpty();
        return new Seed(email, id, domain, 3, purgeId, alertId, tokenId, memberId);
    }
}

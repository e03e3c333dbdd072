package dev.cdn.portal;

import java.util.UUID;

import org.htmlunit.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Base of the tests that run the whole portal on a real port against {@link FakePlatformApi}.
 *
 * <p>Every subclass shares this configuration, so Spring starts one application context for all of them;
 * tests stay independent by using fresh email addresses rather than by resetting the fake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = PortalTestProperties.NO_DATABASE)
@Import(PortalIntegrationTest.FailingController.class)
public abstract class PortalIntegrationTest {

    /** A page that fails unexpectedly, to see what a user gets from a bug; imported here so the context is shared. */
    @RestController
    static class FailingController {

        static final String SECRET_DETAIL = "db password is hunter2";

        @GetMapping("/test/failure")
        String fail() {
            throw new IllegalStateException(SECRET_DETAIL);
        }
    }

    protected static final FakePlatformApi API = FakePlatformApi.start();

    protected static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    protected int port;

    protected WebClient browser;

    @DynamicPropertySource
    static void pointAtFakeApi(DynamicPropertyRegistry registry) {
        registry.add("cdn.api.base-url", API::baseUrl);
    }

    @BeforeEach
    void openBrowser() {
        browser = new WebClient();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        // A hung request fails in 30 s instead of 90 s; not less, because the first pages of a fresh JVM on a
        // loaded build machine (2 cores, other modules building) have taken over 10 s to render.
        browser.getOptions().setTimeout(30_000);
        // Error pages are part of what is tested, so a 4xx/5xx must come back as a page, not an exception.
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
        API.setOutage(false);
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }
}

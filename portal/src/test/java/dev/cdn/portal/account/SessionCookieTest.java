package dev.cdn.portal.account;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.cdn.portal.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The session cookie on the wire: its flags, and a new session id at login (session fixation). */
class SessionCookieTest extends PortalIntegrationTest {

    private static final String COOKIE = "PORTAL_SESSION";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private WebTestClient http;

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl(url("")).build();
    }

    @Test
    void sessionCookie_isHttpOnlyAndSameSiteLax() {
        EntityExchangeResult<String> loginPage = http.get().uri("/login").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();

        ResponseCookie cookie = loginPage.getResponseCookies().getFirst(COOKIE);
        assertThat(cookie).as("a session starts with the login page's CSRF token").isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(loginPage.getResponseHeaders().get(HttpHeaders.SET_COOKIE))
                .anySatisfy(header -> assertThat(header).containsIgnoringCase("; HttpOnly").contains("; SameSite=Lax"));
    }

    @Test
    void login_changesSessionId_andOldIdIsWorthless() {
        String email = uniqueEmail();
        API.register("Acme", email, PASSWORD);
        EntityExchangeResult<String> loginPage = http.get().uri("/login").exchange()
                .expectBody(String.class).returnResult();
        String before = loginPage.getResponseCookies().getFirst(COOKIE).getValue();

        EntityExchangeResult<Void> login = http.post().uri("/login")
                .cookie(COOKIE, before)
                .body(BodyInserters.fromFormData("email", email)
                        .with("password", PASSWORD)
                        .with("_csrf", csrfToken(loginPage.getResponseBody())))
                .exchange()
                .expectStatus().isSeeOther()
                .expectHeader().location("/dashboard")
                .expectBody().isEmpty();

        ResponseCookie renewed = login.getResponseCookies().getFirst(COOKIE);
        assertThat(renewed).isNotNull();
        assertThat(renewed.getValue()).isNotEqualTo(before);
        assertThat(renewed.isHttpOnly()).isTrue();
        assertThat(renewed.getSameSite()).isEqualTo("Lax");
        http.get().uri("/dashboard").cookie(COOKIE, renewed.getValue()).exchange().expectStatus().isOk();
        http.get().uri("/dashboard").cookie(COOKIE, before).exchange()
                .expectStatus().isFound().expectHeader().location("/login");
    }

    @Test
    void signup_changesSessionId() {
        EntityExchangeResult<String> signupPage = http.get().uri("/signup").exchange()
                .expectBody(String.class).returnResult();
        String before = signupPage.getResponseCookies().getFirst(COOKIE).getValue();

        EntityExchangeResult<Void> signup = http.post().uri("/signup")
                .cookie(COOKIE, before)
                .body(BodyInserters.fromFormData("tenantName", "Acme")
                        .with("email", uniqueEmail())
                        .with("password", PASSWORD)
                        .with("confirmPassword", PASSWORD)
                        .with("_csrf", csrfToken(signupPage.getResponseBody())))
                .exchange()
                .expectStatus().isSeeOther()
                .expectBody().isEmpty();

        assertThat(signup.getResponseCookies().getFirst(COOKIE).getValue()).isNotEqualTo(before);
    }

    @Test
    void pages_sendContentSecurityPolicy() {
        http.get().uri("/login").exchange()
                .expectHeader().valueEquals("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
    }

    private static String csrfToken(String html) {
        Matcher matcher = CSRF_FIELD.matcher(html);
        assertThat(matcher.find()).as("CSRF field in page").isTrue();
        return matcher.group(1);
    }
}

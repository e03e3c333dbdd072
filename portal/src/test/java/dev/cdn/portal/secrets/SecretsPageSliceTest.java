package dev.cdn.portal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;

import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.OriginAuthInfo;
import dev.cdn.portal.api.ServiceSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;

/** The secrets page: the origin-authentication header shown by fingerprint, a generated value shown once. */
class SecretsPageSliceTest extends PortalSliceTest {

    static final String ID = "3f1c1d5e-0000-4000-8000-0000000000d1";
    static final String TYPED = "typed-secret-value-0123456789";
    static final String GENERATED = "generated-secret-value-abcdefghij";

    @BeforeEach
    void stubService() {
        when(servicesApi.getService(anyString(), eq(ID)))
                .thenReturn(Mono.just(new ServiceSummary(ID, "shop", List.of("shop.test"), 1, 1, null)));
    }

    @Test
    void page_showsTheHeaderByFingerprint_neverAValue() {
        when(secretsApi.originAuth(anyString(), eq(ID))).thenReturn(Mono.just(new OriginAuthInfo("X-Origin-Auth",
                "sha256:0123456789abcdef", "6789", Instant.parse("2026-12-06T10:00:00Z"), null)));

        String page = get("/services/" + ID + "/secrets", 200);

        assertThat(page).contains("<title>shop · Secrets · CDN Portal</title>", "X-Origin-Auth",
                "sha256:0123456789abcdef", "6789", "Make a new debug token", "aria-current=\"page\"")
                .doesNotContain("secret-value");
    }

    @Test
    void aRefusedHeader_showsTheFieldError_andNeverEchoesTheValue() {
        when(secretsApi.originAuth(anyString(), eq(ID))).thenReturn(Mono.empty());
        when(secretsApi.setOriginAuth(anyString(), eq(ID), any())).thenReturn(Mono.error(problem(400,
                new ApiFieldError("header", "'Host' is a hop-by-hop field or one the platform sets or reads itself"))));

        String page = post("/services/" + ID + "/secrets/origin-auth", "header", "Host", "value", TYPED)
                .expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("field--invalid", "Host").doesNotContain(TYPED);
    }

    @Test
    void aGeneratedValue_isShownOnceAfterTheRedirect() {
        when(secretsApi.originAuth(anyString(), eq(ID))).thenReturn(Mono.just(new OriginAuthInfo("X-Origin-Auth",
                "sha256:fedcba9876543210", "ghij", Instant.now(), null)));
        when(secretsApi.setOriginAuth(anyString(), eq(ID), eq(new OriginAuthInfo.Request("X-Origin-Auth", null, true))))
                .thenReturn(Mono.just(new OriginAuthInfo("X-Origin-Auth", "sha256:fedcba9876543210", "ghij",
                        Instant.now(), GENERATED)));

        var posted = signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/secrets/origin-auth")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("header", "X-Origin-Auth").with("generate", "true"))
                .exchange().expectStatus().isSeeOther()
                .expectHeader().valueEquals("Location", "/services/" + ID + "/secrets")
                .returnResult(String.class);
        ResponseCookie session = posted.getResponseCookies().getFirst("PORTAL_SESSION");
        assertThat(session).isNotNull();

        String first = signedIn().get().uri("/services/" + ID + "/secrets").cookie("PORTAL_SESSION", session.getValue())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String second = signedIn().get().uri("/services/" + ID + "/secrets").cookie("PORTAL_SESSION", session.getValue())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(first).contains(GENERATED, "shown this once");
        assertThat(second).doesNotContain(GENERATED);
    }
}

package dev.cdn.portal;

import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.AccountClient;
import dev.cdn.portal.api.AlertsClient;
import dev.cdn.portal.api.AnalyticsClient;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ApiProblem;
import dev.cdn.portal.api.AuditClient;
import dev.cdn.portal.api.DomainsClient;
import dev.cdn.portal.api.DraftConfigClient;
import dev.cdn.portal.api.LiveTrafficClient;
import dev.cdn.portal.api.OriginsClient;
import dev.cdn.portal.api.PurgesClient;
import dev.cdn.portal.api.SecretsClient;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.TeamClient;
import dev.cdn.portal.api.TestApiProblems;
import dev.cdn.portal.api.TokensClient;
import dev.cdn.portal.api.VersionsClient;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;

/**
 * Base of the tests that run the controllers with the API clients mocked, without a server or a browser: what
 * each answer of the API becomes on the page. Every subclass shares this configuration, hence one context.
 */
@SpringBootTest(properties = PortalTestProperties.NO_DATABASE)
// A bound against a hung call, not a performance claim: a first call (JIT, pool warm-up) on a loaded machine can
// take longer than the default 5 s.
@AutoConfigureWebTestClient(timeout = "PT30S")
public abstract class PortalSliceTest {

    protected static final PortalUser OWNER = new PortalUser("u1", "owner@shop.test", "owner", "t1", "Shop",
            "cdn_s_secret", Instant.now().plusSeconds(3600));
    protected static final PortalUser MEMBER = new PortalUser("u2", "member@shop.test", "member", "t1", "Shop",
            "cdn_s_member", Instant.now().plusSeconds(3600));

    @Autowired
    protected WebTestClient web;

    @MockitoBean
    protected AccountClient accountApi;

    @MockitoBean
    protected ServicesClient servicesApi;

    @MockitoBean
    protected VersionsClient versionsApi;

    @MockitoBean
    protected DraftConfigClient draftApi;

    @MockitoBean
    protected OriginsClient originsApi;

    @MockitoBean
    protected DomainsClient domainsApi;

    @MockitoBean
    protected SecretsClient secretsApi;

    @MockitoBean
    protected PurgesClient purgesApi;

    @MockitoBean
    protected TeamClient teamApi;

    @MockitoBean
    protected TokensClient tokensApi;

    @MockitoBean
    protected AuditClient auditApi;

    @MockitoBean
    protected AnalyticsClient analyticsApi;

    @MockitoBean
    protected AlertsClient alertsApi;

    @MockitoBean
    protected LiveTrafficClient trafficApi;

    protected WebTestClient signedIn() {
        return signedInAs(OWNER);
    }

    protected WebTestClient signedInAs(PortalUser user) {
        // The authority the real log-in grants (ApiAuthenticationManager): the portal's role rules read it.
        return web.mutateWith(mockAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase(java.util.Locale.ROOT))))));
    }

    /** GETs {@code path} as the owner, expecting {@code status}; answers the page. */
    protected String get(String path, int status) {
        return signedIn().get().uri(path).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
    }

    /** POSTs a form (name, value, name, value...) with a CSRF token as the owner, expecting {@code status}. */
    protected WebTestClient.ResponseSpec post(String path, String... nameValues) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            form.add(nameValues[i], nameValues[i + 1]);
        }
        return signedIn().mutateWith(csrf()).post().uri(path)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form))
                .exchange();
    }

    /** The exception the client throws for an API refusal with {@code status} and field errors. */
    protected static RuntimeException problem(int status, ApiFieldError... errors) {
        return TestApiProblems.exception(status,
                new ApiProblem("about:blank", "Refused", status, "refused", List.of(errors)));
    }
}

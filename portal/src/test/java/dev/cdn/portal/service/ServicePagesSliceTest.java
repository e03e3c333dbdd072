package dev.cdn.portal.service;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import org.mockito.ArgumentCaptor;
import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ApiProblem;
import dev.cdn.portal.api.CreatedToken;
import dev.cdn.portal.api.DomainClaim;
import dev.cdn.portal.api.OriginHealthReport;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.VersionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;

/**
 * The service, purge and token controllers with the API client mocked: what each answer of the API becomes on
 * the page (inline errors with the typed values kept, a locked version, another tenant's id, a secret shown
 * once), without a browser or a server.
 */
class ServicePagesSliceTest extends PortalSliceTest {

    static final String ID = "3f1c1d5e-0000-4000-8000-000000000001";

    private final ServiceSummary service = new ServiceSummary(ID, "shop", List.of("shop.test"), null, 1, null);
    private final ServiceConfig config = new ServiceConfig(ID, "t1", "shop", 1, List.of("shop.test"),
            List.of(Origin.of("web", "origin.shop.test", 80)),
            List.of(new CacheRule("static", null, 300, null, false, null, false, null, null, null, null, null, null,
                    null, List.of("static"), false, null, null)), null);

    @BeforeEach
    void stubService() {
        when(servicesApi.getService(anyString(), eq(ID))).thenReturn(Mono.just(service));
        when(versionsApi.listVersions(anyString(), eq(ID)))
                .thenReturn(Mono.just(List.of(new VersionSummary(1, "draft", Instant.now(), null, null))));
        when(versionsApi.getVersion(anyString(), eq(ID), eq(1)))
                .thenReturn(Mono.just(new ServiceVersion(1, "draft", Instant.now(), null, config, null)));
        when(originsApi.originHealth(anyString(), anyString()))
                .thenAnswer(call -> Mono.just(OriginHealthReport.none(call.getArgument(1))));
        when(domainsApi.listDomains(anyString(), anyString())).thenReturn(Mono.just(List.of()));
        when(domainsApi.certificates(anyString(), anyString()))
                .thenReturn(Mono.just(new dev.cdn.portal.api.CertificateList(List.of(), null)));
    }

    private static DomainClaim claim(String state, String outcome) {
        return new DomainClaim("shop.test", state, new DomainClaim.Verification(
                new DomainClaim.TxtRecord("_cdn-challenge.shop.test", "TXT", "tok3n"),
                new DomainClaim.HttpToken("http://shop.test/.well-known/cdn-challenge/tok3n", "tok3n")),
                null, outcome == null ? null : Instant.parse("2026-11-29T10:04:05Z"), 0, outcome,
                outcome == null ? null : "neither the TXT record nor the HTTP token was found");
    }

    @Test
    void configPage_showsEachDomainsOwnershipState_andTheRecordThatProvesIt() {
        when(domainsApi.listDomains(anyString(), eq(ID))).thenReturn(Mono.just(List.of(claim("pending", "no_proof_found"))));

        String page = get("/services/" + ID, 200);

        assertThat(page).contains("data-domain=\"shop.test\"", "badge--pending", "_cdn-challenge.shop.test", "tok3n",
                "http://shop.test/.well-known/cdn-challenge/tok3n", "neither the TXT record nor the HTTP token",
                "Check now");
    }

    @Test
    void checkNow_asksTheApi_andSaysWhetherOwnershipWasProved() {
        when(domainsApi.checkDomain(anyString(), eq(ID), eq("shop.test"))).thenReturn(Mono.just(claim("verified",
                "dns_record_found")));

        post("/services/" + ID + "/domains/check", "domain", "shop.test")
                .expectStatus().is3xxRedirection()
                .expectHeader().valueEquals("Location", "/services/" + ID + "?notice=domain-verified");
        verify(domainsApi).checkDomain(anyString(), eq(ID), eq("shop.test"));
    }

    @Test
    void configPage_listsDomainsOriginsAndRules() {
        String page = signedIn().get().uri("/services/" + ID).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("<title>shop · Configuration · CDN Portal</title>", "shop.test", "origin.shop.test",
                "every request", "Add rule", "Save settings");
    }

    @Test
    void configPage_showsEachOriginsHealthAsTheEdgesReportIt() {
        Instant checked = Instant.parse("2026-11-29T10:04:05Z");
        when(originsApi.originHealth(anyString(), eq(ID))).thenReturn(Mono.just(new OriginHealthReport(ID, 1, List.of(
                new OriginHealthReport.OriginState("web", "default", "degraded", 1, 1, 0, checked,
                        "connection refused", checked, List.of(
                                new OriginHealthReport.NodeState("edge-1", "edge", "healthy", checked, checked, null,
                                        null, checked),
                                new OriginHealthReport.NodeState("shield-1", "shield", "unhealthy", checked, checked,
                                        "connection refused", checked, checked)))))));

        String page = get("/services/" + ID, 200);

        assertThat(page).contains("data-origin=\"web\" data-status=\"degraded\"", "status--degraded",
                "1 of 2 nodes healthy", "Last check 2026-11-29 10:04:05 UTC",
                "Last error (2026-11-29 10:04:05 UTC): Nothing accepts connections at this host and port")
                .doesNotContain("not reported");
    }

    @Test
    void configPage_tlsOriginAnsweringPlainHttp_isExplainedInPlainWords_withoutExceptionNamesOrHexDumps() {
        Instant checked = Instant.parse("2026-11-29T10:04:05Z");
        String raw = "health check failed: NotSslRecordException: not an SSL/TLS record: "
                + "485454502f312e31203430302042616420526571756573740d0a436f6e74656e742d4c656e6774683a2030";
        when(originsApi.originHealth(anyString(), eq(ID))).thenReturn(Mono.just(new OriginHealthReport(ID, 1, List.of(
                new OriginHealthReport.OriginState("web", "default", "unhealthy", 0, 1, 0, checked, raw, checked,
                        List.of())))));

        String page = get("/services/" + ID, 200);

        assertThat(page).contains("The origin answered in plain HTTP, not TLS")
                .doesNotContain("NotSslRecordException", "485454502f");
    }

    @Test
    void configPage_originNobodyReportedOn_isUnknown() {
        String page = get("/services/" + ID, 200);

        assertThat(page).contains("data-origin=\"web\" data-status=\"unknown\"", "status--unknown",
                "no edge has reported on this origin").doesNotContain("Last check");
    }

    @Test
    void configPage_whenTheApiWillNotGiveHealth_stillShowsTheConfiguration() {
        when(originsApi.originHealth(anyString(), eq(ID))).thenReturn(Mono.error(TestProblems.of(403)));

        String page = get("/services/" + ID, 200);

        assertThat(page).contains("origin.shop.test", "data-status=\"unknown\"");
    }

    @Test
    void addRule_withWordForTtl_showsErrorInlineAndKeepsValues_withoutCallingApi() {
        String page = signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/versions/1/rules")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("name", "images").with("pathPrefix", "/img/")
                        .with("edgeTtlSeconds", "ten minutes"))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("id=\"edgeTtlSeconds-error\"", "Enter a whole number, such as 300.", "value=\"ten minutes\"",
                "value=\"images\"", "value=\"/img/\"");
        verify(draftApi, never()).addRule(anyString(), anyString(), anyInt(), any(), any());
    }

    @Test
    void addRule_refusedByApi_showsItsMessageNextToTheField() {
        when(draftApi.addRule(anyString(), eq(ID), eq(1), any(), isNull())).thenReturn(Mono.error(TestProblems.of(400,
                new ApiFieldError("rules[1].match.pathPrefix", "must start with '/'"))));

        String page = signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/versions/1/rules")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("name", "images").with("pathPrefix", "img/"))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("id=\"pathPrefix-error\"", "Must start with &#39;/&#39;", "value=\"img/\"");
    }

    @Test
    void addRule_atAPosition_sendsThePositionFromTheForm() {
        when(draftApi.addRule(anyString(), eq(ID), eq(1), any(), eq(0))).thenReturn(Mono.just(
                new ServiceVersion(1, "draft", Instant.now(), null, config, null)));

        post("/services/" + ID + "/versions/1/rules", "name", "images", "pathPrefix", "/img/", "position", "0")
                .expectStatus().isSeeOther();

        verify(draftApi).addRule(anyString(), eq(ID), eq(1), any(), eq(0));
    }

    @Test
    void addDomain_sendsTheTypedDomain() {
        when(domainsApi.addDomain(anyString(), eq(ID), eq(1), eq("www.shop.test"))).thenReturn(Mono.just(
                new ServiceVersion(1, "draft", Instant.now(), null, config, null)));

        post("/services/" + ID + "/versions/1/domains", "domain", " www.shop.test ").expectStatus().isSeeOther();

        verify(domainsApi).addDomain(anyString(), eq(ID), eq(1), eq("www.shop.test"));
    }

    @Test
    void removeDomain_sendsTheDomainOfTheRow() {
        when(domainsApi.removeDomain(anyString(), eq(ID), eq(1), eq("shop.test"))).thenReturn(Mono.just(
                new ServiceVersion(1, "draft", Instant.now(), null, config, null)));

        post("/services/" + ID + "/versions/1/domains/remove", "domain", "shop.test").expectStatus().isSeeOther();

        verify(domainsApi).removeDomain(anyString(), eq(ID), eq(1), eq("shop.test"));
    }

    @Test
    void editingALockedVersion_saysToCloneIt() {
        when(draftApi.updateSettings(anyString(), eq(ID), eq(1), any())).thenReturn(Mono.error(TestProblems.of(409,
                new ApiFieldError("version", "version 1 is active"))));

        String page = signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/versions/1/settings")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("defaultTtlSeconds", "60"))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("Version: version 1 is active", "value=\"60\"");
    }

    @Test
    void settingsForm_sendsTheServicesEsiBounds_andShowsTheApisRefusalOnItsField() {
        when(draftApi.updateSettings(anyString(), eq(ID), eq(1), any())).thenReturn(Mono.error(TestProblems.of(400,
                new ApiFieldError("settings.esi.maxIncludes", "must be between 1 and 256, was 0"))));

        String page = signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/versions/1/settings")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("esiMaxIncludes", "0")
                        .with("esiAllowedHosts", "static.shop.test, cdn.shop.test").with("esiAllowedPaths", "/frag/"))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        ArgumentCaptor<ServiceSettings> sent = ArgumentCaptor.forClass(ServiceSettings.class);
        verify(draftApi).updateSettings(anyString(), eq(ID), eq(1), sent.capture());
        assertThat(sent.getValue().esi().maxIncludes()).isZero();
        assertThat(sent.getValue().esi().maxDepth()).as("left empty: the edge's default").isNull();
        assertThat(sent.getValue().esi().allowedHosts()).containsExactly("static.shop.test", "cdn.shop.test");
        assertThat(sent.getValue().esi().allowedPaths()).containsExactly("/frag/");
        assertThat(page).contains("esiMaxIncludes-error\">Must be between 1 and 256, was 0.",
                "value=\"static.shop.test, cdn.shop.test\"");
    }

    @Test
    void anotherTenantsService_isThePortalNotFoundPage() {
        String other = "3f1c1d5e-0000-4000-8000-000000000999";
        when(servicesApi.getService(anyString(), eq(other))).thenReturn(Mono.error(TestProblems.of(404)));

        String page = signedIn().get().uri("/services/" + other).exchange()
                .expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("<title>Page not found · CDN Portal</title>").doesNotContain("Exception");
    }

    @Test
    void purge_withoutValues_isRefusedInline_withoutCallingApi() {
        String page = signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/purge")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("kind", "tags").with("values", "  "))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("id=\"values-error\"", "Enter at least one value");
        verify(purgesApi, never()).purge(anyString(), anyString(), any());
    }

    @Test
    void purge_withoutCsrfToken_isRefused() {
        signedIn().post().uri("/services/" + ID + "/purge")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("kind", "all"))
                .exchange().expectStatus().isForbidden();

        verify(purgesApi, never()).purge(anyString(), anyString(), any());
    }

    @Test
    void createToken_showsTheSecretOnce() {
        when(tokensApi.createToken(anyString(), any())).thenReturn(Mono.just(new CreatedToken("t9", "deploy",
                "cdn_t_topsecret", List.of("purge"), List.of(), null)));
        when(tokensApi.listTokens(anyString())).thenReturn(Mono.just(List.of()));

        // Post/redirect/get: the answer to the post is a redirect; the page it leads to shows the secret once.
        String session = signedIn().mutateWith(csrf()).post().uri("/tokens")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("name", "deploy").with("scopes", "purge"))
                .exchange().expectStatus().isSeeOther().expectHeader().location("/tokens")
                .expectBody().returnResult().getResponseCookies().getFirst("PORTAL_SESSION").getValue();
        String created = signedIn().get().uri("/tokens").cookie("PORTAL_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String later = signedIn().get().uri("/tokens").cookie("PORTAL_SESSION", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(created).contains("cdn_t_topsecret", "shown only once");
        assertThat(later).doesNotContain("cdn_t_topsecret");
    }

    @Test
    void createToken_withoutScopes_isRefusedInline() {
        when(tokensApi.listTokens(anyString())).thenReturn(Mono.just(List.of()));

        String page = signedIn().mutateWith(csrf()).post().uri("/tokens")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("name", "deploy"))
                .exchange().expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("id=\"scopes-error\"", "Choose at least one scope.", "value=\"deploy\"");
    }

    /** Builds the exceptions the client throws, through its public contract. */
    static final class TestProblems {

        static RuntimeException of(int status, ApiFieldError... errors) {
            return dev.cdn.portal.api.TestApiProblems.exception(status,
                    new ApiProblem("about:blank", "Refused", status, "refused", List.of(errors)));
        }
    }
}

package dev.cdn.portal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;

import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Experiment;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.LogicRule;
import dev.cdn.config.Origin;
import dev.cdn.config.Redirect;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.Stickiness;
import dev.cdn.config.Variant;
import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;

/** The edge-logic page with the API client stubbed: the summary, the editor, and each kind of refusal. */
class EdgeLogicPageSliceTest extends PortalSliceTest {

    static final String ID = "3f1c1d5e-0000-4000-8000-000000000002";

    private final EdgeLogic logic = new EdgeLogic(
            List.of(new Experiment("checkout", null, Stickiness.COOKIE, null, null,
                    List.of(new Variant("control", 90, null, null, null), new Variant("new", 10, null, null, null)),
                    null)),
            List.of(new LogicRule("to-https", new LogicMatch(null, null, List.of("http"), null, null, null, null, null),
                    null, null, new Redirect(308, "https://{host}{uri}"), null, null, null, null)));

    @BeforeEach
    void stubService() {
        ServiceConfig config = new ServiceConfig(ID, "t1", "shop", 1, List.of("shop.test"),
                List.of(Origin.of("web", "origin.shop.test", 80)), List.of(), null, logic, null);
        when(servicesApi.getService(anyString(), eq(ID)))
                .thenReturn(Mono.just(new ServiceSummary(ID, "shop", List.of("shop.test"), null, 1, null)));
        when(versionsApi.getVersion(anyString(), eq(ID), eq(1)))
                .thenReturn(Mono.just(new ServiceVersion(1, "draft", Instant.now(), null, config, "\"r1\"")));
    }

    private String save(String document, int status) {
        return signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/versions/1/logic")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("document", document).with("etag", "\"r1\""))
                .exchange().expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void page_summarizesExperimentsAndRules_andOffersTheDocument() {
        String page = get("/services/" + ID + "/logic", 200);
        assertThat(page).contains("checkout", "Cookie exp_checkout", "control 90% · new 10%", "Running",
                "to-https", "over http", "redirect 308 to https://{host}{uri}",
                "Save to the draft", "aria-current=\"page\">Edge logic");
    }

    @Test
    void save_malformedJson_saysWhere_keepsTheText_andNeverCallsTheApi() {
        String page = save("{\"rules\": [ {\"name\": \"x\", ", 400);
        assertThat(page).contains("id=\"document-error\"", "Not valid edge logic", "line 1");
        assertThat(page).contains("{&quot;rules&quot;: [ {&quot;name&quot;: &quot;x&quot;, ");
        verify(draftApi, never()).updateLogic(anyString(), anyString(), any(Integer.class), any());
    }

    @Test
    void save_refusedByApi_listsEveryFieldItNamed() {
        when(draftApi.updateLogic(anyString(), eq(ID), eq(1), any())).thenReturn(Mono.error(
                ServicePagesSliceTest.TestProblems.of(400,
                        new ApiFieldError("logic.experiments[0].variants", "the weights add up to 90; they must add up to 100"),
                        new ApiFieldError("logic.rules[0].redirect.location", "redirects to a URL this rule matches again"))));
        String page = save("{\"experiments\": [], \"rules\": []}", 400);
        assertThat(page).contains("logic.experiments[0].variants: the weights add up to 90",
                "logic.rules[0].redirect.location: redirects to a URL this rule matches again");
    }

    @Test
    void save_valid_sendsTheParsedLogic_andRedirectsWithANotice() {
        when(draftApi.updateLogic(anyString(), eq(ID), eq(1), eq(logic))).thenReturn(Mono.just(
                new ServiceVersion(1, "draft", Instant.now(), null, null, "\"r2\"")));
        signedIn().mutateWith(csrf()).post().uri("/services/" + ID + "/versions/1/logic")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("document", EdgeLogicDocument.write(logic)))
                .exchange().expectStatus().isSeeOther()
                .expectHeader().location("/services/" + ID + "/logic?notice=logic");
    }
}

package dev.cdn.portal.debug;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ApiProblem;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.TestApiProblems;
import dev.cdn.portal.api.UrlTrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The URL debugger page: what each answer of the API's debugger becomes on the page. */
class DebugPageSliceTest extends PortalSliceTest {

    private static final String ID = "3f1c1d5e-0000-4000-8000-000000000009";
    private static final String PAGE = "/services/" + ID + "/debug";

    @BeforeEach
    void stubService() {
        when(servicesApi.getService(anyString(), eq(ID)))
                .thenReturn(Mono.just(new ServiceSummary(ID, "shop", List.of("shop.localhost"), 2, 2, null)));
    }

    @Test
    void debugPage_withoutAUrl_showsTheFormOnly() {
        String page = get(PAGE, 200);
        assertThat(page).contains("Trace a URL", "https://shop.localhost/").doesNotContain("What each node would do");
        verify(trafficApi, never()).debugUrl(anyString(), anyString(), anyString());
    }

    @Test
    void debugPage_showsEachNodesAnswer_andTheNodesThatDidNotAnswer() {
        when(trafficApi.debugUrl(anyString(), eq(ID), eq("https://shop.localhost/a"))).thenReturn(Mono.just(new UrlTrace(
                "https://shop.localhost/a", "GET", 2, List.of(
                new UrlTrace.Node("edge-1", "edge", "fra", null, 2L, "images", ID + " https://shop.localhost/a|", false,
                        "shield 10.0.0.5:8080", true, false, "HIT", 200, 12L, 288L,
                        List.of(List.of("Age", "12"), List.of("X-Cache", "HIT"))),
                new UrlTrace.Node("edge-2", "edge", "ams", "no service is configured for host shop.localhost on this node",
                        null, null, null, null, null, null, null, null, null, null, null, List.of())),
                List.of("edge-7"), 2000, 2004)));

        String page = get(PAGE + "?url=https://shop.localhost/a", 200);

        assertThat(page).contains("edge-1", "images", "HIT", "12 s / 288 s", "shield 10.0.0.5:8080",
                "X-Cache: HIT", "no service is configured for host shop.localhost on this node",
                "Did not answer within", "edge-7");
    }

    @Test
    void debugPage_aUrlTheApiRefuses_showsItsReasonAtTheField() {
        when(trafficApi.debugUrl(anyString(), eq(ID), eq("https://elsewhere.localhost/"))).thenReturn(Mono.error(
                TestApiProblems.exception(400, new ApiProblem("about:blank", "Invalid request", 400, "url: not ours",
                        List.of(new ApiFieldError("url", "'elsewhere.localhost' is not a domain of the service"))))));

        String page = get(PAGE + "?url=https://elsewhere.localhost/", 400);

        assertThat(page).contains("is not a domain of the service", "aria-invalid=\"true\"");
    }
}

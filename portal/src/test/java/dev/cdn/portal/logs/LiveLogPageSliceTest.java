package dev.cdn.portal.logs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ServiceSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

/** The live-log page and the stream it reads, passed through from the API with only the known filters. */
class LiveLogPageSliceTest extends PortalSliceTest {

    private static final String ID = "3f1c1d5e-0000-4000-8000-000000000010";

    @BeforeEach
    void stubService() {
        when(servicesApi.getService(anyString(), eq(ID)))
                .thenReturn(Mono.just(new ServiceSummary(ID, "shop", List.of("shop.localhost"), 1, 1, null)));
    }

    @Test
    void logsPage_keepsTheFiltersForItsStream() {
        String page = get("/services/" + ID + "/logs?status=5xx&path=/img/&other=x", 200);
        assertThat(page).contains("Live logs", "value=\"5xx\"", "value=\"/img/\"",
                "/services/" + ID + "/logs/stream?").doesNotContain("other=x");
    }

    @Test
    void stream_passesTheApisLinesThrough_withOnlyTheKnownFilters() {
        String lines = "{\"stream\":{\"maxPerSecond\":100}}\n{\"url\":\"http://shop.localhost/a\",\"status\":503}\n";
        when(trafficApi.liveLogs(anyString(), eq(ID), eq(Map.of("status", "5xx"))))
                .thenReturn(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(lines.getBytes(StandardCharsets.UTF_8))));
        String body = signedIn().get().uri("/services/" + ID + "/logs/stream?status=5xx&evil=1").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/x-ndjson")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(lines);
    }
}

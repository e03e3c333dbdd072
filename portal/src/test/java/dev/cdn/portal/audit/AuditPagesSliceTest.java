package dev.cdn.portal.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.AuditPage;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.TeamMember;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.when;

/** The audit log page with the client mocked: entries, paging by {@code before}, and the empty log. */
class AuditPagesSliceTest extends PortalSliceTest {

    private static AuditPage.Entry entry(long id, String action) {
        return new AuditPage.Entry(id, Instant.parse("2026-01-02T03:04:05Z"), "user:u1", action, "version",
                "svc/2", null, Map.of("edgeTtlSeconds", 300));
    }

    @BeforeEach
    void namesToShow() {
        when(teamApi.listUsers(anyString())).thenReturn(Mono.just(List.of(
                new TeamMember("u1", "owner@shop.test", "owner", Instant.now(), null))));
        when(tokensApi.listTokens(anyString())).thenReturn(Mono.just(List.of()));
        when(servicesApi.listServices(anyString())).thenReturn(Mono.just(List.of(
                new ServiceSummary("svc", "shop", List.of("shop.test"), 1, 2, null))));
    }

    @Test
    void auditPage_listsEntriesAndLinksToOlderOnes() {
        when(auditApi.audit(anyString(), eq(50), isNull(), any())).thenReturn(Mono.just(new AuditPage(
                List.of(entry(42, "rule.add"), entry(41, "version.activate")), 41L)));

        String page = get("/audit", 200);

        assertThat(page).contains("rule.add", "version.activate", "owner@shop.test", "shop v2",
                "edgeTtlSeconds: 300", "2026-01-02 03:04:05 UTC", "href=\"/audit?before=41\"")
                .doesNotContain(">Newest<", ">user:u1<");
        assertThat(page.split("class=\"audit-row\"", -1)).hasSize(3);
    }

    @Test
    void olderPage_asksTheApiForEntriesBeforeTheCursor() {
        when(auditApi.audit(anyString(), eq(50), eq(41L), any())).thenReturn(Mono.just(new AuditPage(
                List.of(entry(40, "service.create")), null)));

        String page = get("/audit?before=41", 200);

        assertThat(page).contains("service.create", ">Newest<").doesNotContain("Older entries");
    }

    @Test
    void emptyLog_saysNothingChangedYet() {
        when(auditApi.audit(anyString(), eq(50), isNull(), any())).thenReturn(Mono.just(new AuditPage(List.of(), null)));

        assertThat(get("/audit", 200)).contains("Nothing has been changed yet");
    }
}

package dev.cdn.portal.service;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.portal.PortalSliceTest;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.Rollout;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.ValidationReport;
import dev.cdn.portal.api.VersionDiff;
import dev.cdn.portal.api.VersionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The versions page and the rule order with the client mocked, for a service with history: v1 inactive, v2
 * active, v3 a draft with three rules. Diff, validate, activate, roll back, move a rule up or down.
 */
class VersionsPagesSliceTest extends PortalSliceTest {

    private static final String ID = "3f1c1d5e-0000-4000-8000-000000000002";
    private static final String VERSIONS = "/services/" + ID + "/versions";

    private static CacheRule rule(String name) {
        return new CacheRule(name, null, 300, null, false, null, false, null, null, null, null, null, null, null,
                List.of(), false, null, null);
    }

    private final ServiceConfig draft = new ServiceConfig(ID, "t1", "shop", 3, List.of("shop.test"),
            List.of(Origin.of("web", "origin.shop.test", 80)), List.of(rule("api"), rule("images"), rule("static")),
            null);

    @BeforeEach
    void stubServiceWithHistory() {
        Instant now = Instant.now();
        when(servicesApi.getService(anyString(), eq(ID)))
                .thenReturn(Mono.just(new ServiceSummary(ID, "shop", List.of("shop.test"), 2, 3, null)));
        when(versionsApi.listVersions(anyString(), eq(ID))).thenReturn(Mono.just(List.of(
                new VersionSummary(1, "inactive", now, now, null), new VersionSummary(2, "active", now, now, null),
                new VersionSummary(3, "draft", now, null, null))));
        when(versionsApi.getVersion(anyString(), eq(ID), eq(3)))
                .thenReturn(Mono.just(new ServiceVersion(3, "draft", now, null, draft, null)));
        when(servicesApi.rollout(anyString(), eq(ID))).thenReturn(Mono.just(new Rollout(2, true, List.of(
                new Rollout.Edge("edge-1", "edge", "fra", 2, "current", null, null, now, now)))));
    }

    @Test
    void versionsPage_diffsTheDraftAgainstTheActiveVersion() {
        when(versionsApi.diff(anyString(), eq(ID), eq(2), eq(3))).thenReturn(Mono.just(new VersionDiff(2, 3, List.of(
                new VersionDiff.Change("rules[static].edgeTtlSeconds", "changed", 60, 300),
                new VersionDiff.Change("rules[images]", "added", null, java.util.Map.of("name", "images")),
                new VersionDiff.Change("domains", "removed", "old.shop.test", null)))));

        String page = get(VERSIONS, 200);

        assertThat(page).contains("Changes from active version <strong>2</strong> to draft version <strong>3</strong>",
                "rules[static].edgeTtlSeconds", "badge--changed", "badge--added", "badge--removed",
                "old.shop.test", "Activate version 3");
        assertThat(page.split("class=\"diff-row", -1)).hasSize(4);
        verify(versionsApi).diff(anyString(), eq(ID), eq(2), eq(3));
    }

    @Test
    void versionsPage_withIdenticalDraft_saysThereAreNoChanges() {
        when(versionsApi.diff(anyString(), eq(ID), eq(2), eq(3))).thenReturn(Mono.just(new VersionDiff(2, 3, List.of())));

        assertThat(get(VERSIONS, 200)).contains("No changes: the draft is the same as the active version.");
    }

    @Test
    void versionsPage_offersRollbackOnlyToInactiveVersions() {
        when(versionsApi.diff(anyString(), eq(ID), eq(2), eq(3))).thenReturn(Mono.just(new VersionDiff(2, 3, List.of())));

        String page = get(VERSIONS, 200);

        assertThat(page).contains("aria-label=\"Roll back to version 1\"")
                .doesNotContain("Roll back to version 2", "Roll back to version 3");
    }

    @Test
    void rollback_activatesTheOlderVersionAndSaysSo() {
        when(versionsApi.activate(anyString(), eq(ID), eq(1)))
                .thenReturn(Mono.just(new ServiceVersion(1, "active", Instant.now(), Instant.now(), draft, null)));

        post(VERSIONS + "/1/activate").expectStatus().isSeeOther()
                .expectHeader().location(VERSIONS + "?activated=1");
        when(versionsApi.diff(anyString(), eq(ID), eq(2), eq(3))).thenReturn(Mono.just(new VersionDiff(2, 3, List.of())));
        String page = get(VERSIONS + "?activated=1", 200);

        verify(versionsApi).activate(anyString(), eq(ID), eq(1));
        assertThat(page).contains("Version 1 is now active and is being published to every edge.");
    }

    @Test
    void activate_refusedByApi_showsWhyOnTheVersionsPage() {
        when(versionsApi.activate(anyString(), eq(ID), eq(3))).thenReturn(Mono.error(problem(400,
                new ApiFieldError("origins", "at least one origin is required"))));
        when(versionsApi.diff(anyString(), eq(ID), eq(2), eq(3))).thenReturn(Mono.just(new VersionDiff(2, 3, List.of())));

        String page = post(VERSIONS + "/3/activate").expectStatus().isBadRequest()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("Origins: at least one origin is required", "Version 3 was not activated.");
    }

    @Test
    void validate_showsTheReportNextToTheVersion() {
        when(versionsApi.validate(anyString(), eq(ID), eq(3))).thenReturn(Mono.just(new ValidationReport(false,
                List.of(new ApiFieldError("domains", "at least one domain is required")))));
        when(versionsApi.diff(anyString(), eq(ID), eq(2), eq(3))).thenReturn(Mono.just(new VersionDiff(2, 3, List.of())));

        String page = post(VERSIONS + "/3/validate").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(page).contains("Validation of version 3", "cannot be activated yet", "at least one domain is required");
    }

    @Test
    void moveRuleUp_sendsTheWholeNewOrder() {
        when(draftApi.reorderRules(anyString(), eq(ID), eq(3), any())).thenReturn(Mono.just(
                new ServiceVersion(3, "draft", Instant.now(), null, draft, null)));

        post("/services/" + ID + "/versions/3/rules/static/move", "direction", "up").expectStatus().isSeeOther()
                .expectHeader().location("/services/" + ID + "?notice=rule-moved#rules");

        verify(draftApi).reorderRules(anyString(), eq(ID), eq(3), eq(List.of("api", "static", "images")));
    }

    @Test
    void moveRuleDown_sendsTheWholeNewOrder() {
        when(draftApi.reorderRules(anyString(), eq(ID), eq(3), any())).thenReturn(Mono.just(
                new ServiceVersion(3, "draft", Instant.now(), null, draft, null)));

        post("/services/" + ID + "/versions/3/rules/api/move", "direction", "down").expectStatus().isSeeOther();

        verify(draftApi).reorderRules(anyString(), eq(ID), eq(3), eq(List.of("images", "api", "static")));
    }

    @Test
    void moveFirstRuleUp_changesNothing() {
        post("/services/" + ID + "/versions/3/rules/api/move", "direction", "up").expectStatus().isSeeOther()
                .expectHeader().location("/services/" + ID + "#rules");

        verify(draftApi, never()).reorderRules(anyString(), anyString(), anyInt(), any());
    }
}

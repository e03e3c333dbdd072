package dev.cdn.portal.audit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.util.UriComponentsBuilder;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.AuditClient;
import dev.cdn.portal.api.AuditPage;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.TeamClient;
import dev.cdn.portal.api.TokensClient;

/**
 * The tenant's audit log, newest first, 50 entries a page: members and tokens by name, services and versions by
 * name, what each change changed, filters by who, which service and which days, and the same selection as CSV.
 */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;
    /** The CSV holds at most this many entries (newest first), fetched in pages of 500. */
    static final int CSV_MAX = 10_000;

    private final ServicesClient servicesApi;
    private final TeamClient teamApi;
    private final TokensClient tokensApi;
    private final AuditClient auditApi;

    AuditController(ServicesClient servicesApi, TeamClient teamApi, TokensClient tokensApi, AuditClient auditApi) {
        this.servicesApi = servicesApi;
        this.teamApi = teamApi;
        this.tokensApi = tokensApi;
        this.auditApi = auditApi;
    }

    /** The filter form as typed: an actor, a service id, and days (yyyy-mm-dd, both inclusive), each optional. */
    record Filters(String actor, String service, String from, String to) {

        /** A link to {@code path} with these filters (only those given), and {@code before} when not null. */
        String link(String path, Long before) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
            if (before != null) {
                b.queryParam("before", before);
            }
            java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
            given.put("actor", blank(actor));
            given.put("service", blank(service));
            given.put("from", blank(from));
            given.put("to", blank(to));
            given.forEach((name, value) -> {
                if (value != null) {
                    b.queryParam(name, value);
                }
            });
            return b.encode().build().toUriString();
        }

        AuditPage.Filter toFilter() {
            return new AuditPage.Filter(blank(actor), blank(service), day(from, 0), day(to, 1));
        }

        private static String blank(String text) {
            return text == null || text.isBlank() ? null : text.strip();
        }

        /** The start of the day, or of the next one for the inclusive end; null when empty or not a date. */
        private static java.time.Instant day(String text, int plusDays) {
            try {
                return blank(text) == null ? null
                        : LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    @GetMapping("/audit")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) Long before,
            @ModelAttribute("filters") Filters filters) {
        return Mono.zip(auditApi.audit(user.apiToken(), PAGE_SIZE, before, filters.toFilter()), names(user))
                .map(both -> Rendering.view("audit")
                        .modelAttribute("rows", both.getT1().items().stream().map(e -> AuditRow.of(e, both.getT2()))
                                .toList())
                        .modelAttribute("next", both.getT1().next())
                        .modelAttribute("paged", before != null)
                        .modelAttribute("filters", filters)
                        .modelAttribute("names", both.getT2())
                        .modelAttribute("newestHref", filters.link("/audit", null))
                        .modelAttribute("olderHref", both.getT1().next() == null ? null
                                : filters.link("/audit", both.getT1().next()))
                        .modelAttribute("csvHref", filters.link("/audit.csv", null))
                        .build());
    }

    @GetMapping(value = "/audit.csv")
    @ResponseBody
    Mono<ResponseEntity<String>> csv(@AuthenticationPrincipal PortalUser user,
            @ModelAttribute("filters") Filters filters) {
        AuditPage.Filter filter = filters.toFilter();
        Flux<AuditPage.Entry> entries = auditApi.audit(user.apiToken(), 500, null, filter)
                .expand(page -> page.next() == null ? Mono.empty()
                        : auditApi.audit(user.apiToken(), 500, page.next(), filter))
                .flatMapIterable(AuditPage::items)
                .take(CSV_MAX);
        return Mono.zip(entries.collectList(), names(user))
                .map(both -> ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\"")
                        .body(AuditCsv.of(both.getT1().stream().map(e -> AuditRow.of(e, both.getT2())).toList())));
    }

    /** Members, tokens (when the role may list them) and services, to name what the entries identify by id. */
    private Mono<AuditNames> names(PortalUser user) {
        return Mono.zip(teamApi.listUsers(user.apiToken()),
                        tokensApi.listTokens(user.apiToken()).onErrorReturn(ApiProblemException.class, List.of()),
                        servicesApi.listServices(user.apiToken()))
                .map(all -> AuditNames.of(all.getT1(), all.getT2(), all.getT3()));
    }
}

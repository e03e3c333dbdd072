package dev.cdn.portal.audit;

import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.PlatformApiClient;

/** The tenant's audit log, newest first, 50 entries a page, with a link to older entries. */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;

    private final PlatformApiClient api;

    AuditController(PlatformApiClient api) {
        this.api = api;
    }

    @GetMapping("/audit")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) Long before) {
        return api.audit(user.apiToken(), PAGE_SIZE, before).map(page -> Rendering.view("audit")
                .modelAttribute("entries", page.items())
                .modelAttribute("next", page.next())
                .modelAttribute("paged", before != null)
                .build());
    }
}

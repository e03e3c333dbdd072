package dev.cdn.portal.service;

import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.VersionSummary;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;

/**
 * Compares any two versions of a service: a GET form with the two version numbers (so a comparison is a link that
 * can be shared or bookmarked) and the API's diff of their configurations as a table, from the older to the newer
 * unless the user asks the other way round.
 */
@Controller
class CompareController {

    private final VersionsClient versionsApi;
    private final ServiceLoader loader;

    CompareController(VersionsClient versionsApi, ServiceLoader loader) {
        this.versionsApi = versionsApi;
        this.loader = loader;
    }

    @GetMapping("/services/{id}/versions/compare")
    Mono<Rendering> compare(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam(required = false) Integer from, @RequestParam(required = false) Integer to) {
        String token = user.apiToken();
        return loader.load(token, id).flatMap(state -> {
            List<VersionSummary> versions = state.versions().stream()
                    .sorted(Comparator.comparingInt(VersionSummary::number).reversed()).toList();
            FormErrors errors = FormErrors.none();
            if (from != null && versions.stream().noneMatch(v -> v.number() == from)) {
                errors = errors.withField("from", "Choose a version of this service.");
            }
            if (to != null && versions.stream().noneMatch(v -> v.number() == to)) {
                errors = errors.withField("to", "Choose a version of this service.");
            }
            Rendering.Builder<?> page = Rendering.view("service/compare")
                    .modelAttribute("state", state)
                    .modelAttribute("service", state.service())
                    .modelAttribute("versions", versions)
                    .modelAttribute("from", from)
                    .modelAttribute("to", to)
                    .modelAttribute("errors", errors);
            if (from == null || to == null || !errors.isEmpty()) {
                return Mono.just(page.modelAttribute("diff", null)
                        .status(errors.isEmpty() ? HttpStatus.OK : HttpStatus.BAD_REQUEST).build());
            }
            return versionsApi.diff(token, id, from, to).map(diff -> page.modelAttribute("diff", diff).build());
        });
    }
}

package dev.cdn.portal.service;

import dev.cdn.config.Protection;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.DraftConfigClient;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/**
 * A version's protection page: a summary of what is on (signing keys by id and fingerprint, rate limits, lists,
 * filters) and the protection as JSON to edit, in the shape docs/edge-logic.md documents. The API validates
 * every change; its messages are listed with the field each names, and the text typed stays in the editor.
 */
@Controller
class ProtectionController {

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;
    private final DraftConfigClient draftApi;

    ProtectionController(ServicesClient servicesApi, VersionsClient versionsApi, DraftConfigClient draftApi) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
        this.draftApi = draftApi;
    }

    @GetMapping("/services/{id}/versions/{number}/protection")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @RequestParam(required = false) String saved) {
        return load(user, id, number).map(p -> render(p, ProtectionJson.write(p.version().config().protection()),
                FormErrors.none(), HttpStatus.OK, saved != null));
    }

    @PostMapping("/services/{id}/versions/{number}/protection")
    Mono<Rendering> save(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @ModelAttribute("form") ProtectionForm form) {
        String text = form.protection() == null ? "" : form.protection();
        Protection parsed;
        try {
            parsed = ProtectionJson.read(text);
        } catch (IllegalArgumentException e) {
            return load(user, id, number).map(p -> render(p, text, FormErrors.field("protection", e.getMessage()),
                    HttpStatus.BAD_REQUEST, false));
        }
        return draftApi.updateProtection(user.apiToken(), id, number, parsed)
                .map(saved -> Rendering.redirectTo("/services/" + id + "/versions/" + number
                        + "/protection?saved=1").build())
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 422
                        ? load(user, id, number).map(p -> render(p, text,
                                FormErrors.fromProblem(e.problem(), java.util.Set.of()), HttpStatus.BAD_REQUEST, false))
                        : Mono.error(e));
    }

    private Mono<Page> load(PortalUser user, String id, int number) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), versionsApi.getVersion(user.apiToken(), id, number))
                .map(t -> new Page(t.getT1(), t.getT2()));
    }

    private static Rendering render(Page p, String text, FormErrors errors, HttpStatus status, boolean saved) {
        return Rendering.view("service/protection")
                .modelAttribute("service", p.service())
                .modelAttribute("version", p.version())
                .modelAttribute("protection", p.version().config().protection())
                .modelAttribute("text", text)
                .modelAttribute("errors", errors)
                .modelAttribute("saved", saved)
                .status(status)
                .build();
    }

    private record Page(ServiceSummary service, ServiceVersion version) {
    }

    /** The editor's one field; a form's fields reach a controller through data binding, hence a record. */
    record ProtectionForm(String protection) {
    }
}

package dev.cdn.portal.service;

import dev.cdn.config.EdgeLogic;
import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.DraftConfigClient;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;
import java.util.Set;
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
 * The edge-logic page of a service: its experiments and request/response rules as they stand in the newest version,
 * and an editor for the draft's whole logic document. The API validates each save; every problem it finds is
 * listed with its field ({@code logic.rules[2].redirect.location}) above the editor, and nothing is stored.
 */
@Controller
class EdgeLogicController {

    private static final Set<String> FIELDS = Set.of("document");

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;
    private final DraftConfigClient draftApi;

    EdgeLogicController(ServicesClient servicesApi, VersionsClient versionsApi, DraftConfigClient draftApi) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
        this.draftApi = draftApi;
    }

    @GetMapping("/services/{id}/logic")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
                         @RequestParam(required = false) String notice) {
        return render(user, id, null, FormErrors.none(), HttpStatus.OK,
                "logic".equals(notice) ? "Experiments and rules saved in the draft." : null);
    }

    @PostMapping("/services/{id}/versions/{number}/logic")
    Mono<Rendering> save(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
                         @ModelAttribute("form") EdgeLogicForm form) {
        EdgeLogic logic;
        try {
            logic = EdgeLogicDocument.read(form.document());
        } catch (IllegalArgumentException e) {
            return render(user, id, form.document(), FormErrors.field("document", e.getMessage()),
                    HttpStatus.BAD_REQUEST, null);
        }
        return draftApi.updateLogic(user.apiToken(), id, number, logic)
                .map(v -> Rendering.redirectTo("/services/" + id + "/logic?notice=logic").build())
                .onErrorResume(ApiProblemException.class, e -> ServiceController.isFormError(e)
                        ? render(user, id, form.document(), problems(e), HttpStatus.BAD_REQUEST, null)
                        : Mono.error(e));
    }

    /**
     * Every problem the API found, each under its exact field path ({@code logic.rules[0].redirect.location}), which
     * is how the document names the place to fix.
     */
    private static FormErrors problems(ApiProblemException e) {
        if (e.problem().errors().isEmpty()) {
            return FormErrors.fromProblem(e.problem(), FIELDS);
        }
        FormErrors errors = FormErrors.none();
        for (ApiFieldError error : e.problem().errors()) {
            errors = errors.withGlobal(error.field() == null ? error.message() : error.field() + ": " + error.message());
        }
        return errors;
    }

    private Mono<Rendering> render(PortalUser user, String id, String document, FormErrors errors, HttpStatus status,
                                   String notice) {
        return servicesApi.getService(user.apiToken(), id).flatMap(service -> versionsApi.getVersion(user.apiToken(), id,
                service.latestVersion()).map(version -> page(service, version, document, errors, status, notice)));
    }

    private static Rendering page(ServiceSummary service, ServiceVersion version, String document, FormErrors errors,
                                  HttpStatus status, String notice) {
        EdgeLogic logic = version.config().logic();
        return Rendering.view("service/logic")
                .modelAttribute("service", service)
                .modelAttribute("version", version)
                .modelAttribute("logic", logic)
                .modelAttribute("summary", EdgeLogicSummary.of(logic))
                .modelAttribute("form", new EdgeLogicForm(document != null ? document : EdgeLogicDocument.write(logic)))
                .modelAttribute("errors", errors)
                .modelAttribute("notice", notice)
                .status(status)
                .build();
    }
}

package dev.cdn.portal.service;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.ValidationReport;
import dev.cdn.portal.api.VersionDiff;
import dev.cdn.portal.api.VersionSummary;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;

/**
 * The versions page: the draft against the active version as a diff, validate, activate, clone, roll back
 * (activating an older version), and the rollout across edges, which the page polls until it is complete.
 */
@Controller
class VersionsController {

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;
    private final ServiceLoader loader;

    VersionsController(ServicesClient servicesApi, VersionsClient versionsApi, ServiceLoader loader) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
        this.loader = loader;
    }

    @GetMapping("/services/{id}/versions")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam(required = false) Integer activated, @RequestParam(required = false) Integer noted) {
        String notice = activated != null ? "Version " + activated + " is now active and is being published to every edge."
                : noted != null ? "The note of version " + noted + " is saved." : null;
        return render(user, id, null, FormErrors.none(), notice, HttpStatus.OK);
    }

    /** Changes a draft's note under the ETag the page showed; a refused note comes back on its field, kept. */
    @PostMapping("/services/{id}/versions/{number}/note")
    Mono<Rendering> note(@AuthenticationPrincipal PortalUser user, @PathVariable String id, @PathVariable int number,
            @ModelAttribute NoteText note) {
        if (note.problem() != null) {
            return render(user, id, null, FormErrors.none().withField("note", note.problem()), null,
                    HttpStatus.BAD_REQUEST, note.note());
        }
        return versionsApi.updateNote(user.apiToken(), id, number, note.value())
                .map(v -> Rendering.redirectTo("/services/" + id + "/versions?noted=" + number).build())
                .onErrorResume(ApiProblemException.class, e -> ServiceController.isFormError(e)
                        ? render(user, id, null, FormErrors.fromProblem(e.problem(), java.util.Set.of("note")), null,
                                HttpStatus.BAD_REQUEST, note.note())
                        : Mono.error(e));
    }


    @PostMapping("/services/{id}/versions/{number}/validate")
    Mono<Rendering> validate(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return versionsApi.validate(user.apiToken(), id, number)
                .flatMap(report -> render(user, id, new Checked(number, report), FormErrors.none(), null,
                        HttpStatus.OK));
    }

    /** What rolling back to an older version does, and the button that does it (POST to activate). */
    @GetMapping("/services/{id}/versions/{number}/rollback")
    Mono<Rendering> confirmRollback(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), versionsApi.getVersion(user.apiToken(), id, number))
                .map(both -> Rendering.view("confirm")
                        .modelAttribute("confirm", ServiceConfirmations.rollback(both.getT1(), both.getT2())).build());
    }

    /** Activates a version: the draft to publish it, or an older one to roll back to it. */
    @PostMapping("/services/{id}/versions/{number}/activate")
    Mono<Rendering> activate(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return versionsApi.activate(user.apiToken(), id, number)
                .map(v -> Rendering.redirectTo("/services/" + id + "/versions?activated=" + number).build())
                .onErrorResume(ApiProblemException.class, e -> ServiceController.isFormError(e)
                        ? render(user, id, null, FormErrors.fromProblem(e.problem(), java.util.Set.of())
                                .withGlobal("Version " + number + " was not activated."), null, HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    @PostMapping("/services/{id}/versions/{number}/clone")
    Mono<Rendering> cloneVersion(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number) {
        return versionsApi.cloneVersion(user.apiToken(), id, number)
                .map(v -> Rendering.redirectTo("/services/" + id + "?notice=cloned").build());
    }

    /** The rollout panel alone, for the page's polling; it stops polling itself once the rollout is complete. */
    @GetMapping("/services/{id}/rollout")
    Mono<Rendering> rollout(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return servicesApi.rollout(user.apiToken(), id).map(rollout -> Rendering.view("service/rollout :: rollout")
                .modelAttribute("serviceId", id)
                .modelAttribute("rollout", rollout)
                .build());
    }

    /** A validation result to show next to the version it is about. */
    record Checked(int number, ValidationReport report) {
    }

    private Mono<Rendering> render(PortalUser user, String id, Checked checked, FormErrors errors, String notice,
            HttpStatus status) {
        return render(user, id, checked, errors, notice, status, null);
    }

    /** {@code draftNote}: the note as typed when it was refused (null: the draft's own). */
    private Mono<Rendering> render(PortalUser user, String id, Checked checked, FormErrors errors, String notice,
            HttpStatus status, String draftNote) {
        String token = user.apiToken();
        return loader.load(token, id).flatMap(state -> {
            Optional<VersionSummary> active = state.active();
            Optional<VersionSummary> draft = state.draft();
            Mono<Optional<VersionDiff>> diff = active.isPresent() && draft.isPresent()
                    ? versionsApi.diff(token, id, active.get().number(), draft.get().number()).map(Optional::of)
                    : Mono.just(Optional.empty());
            return Mono.zip(diff, servicesApi.rollout(token, id)).map(both -> Rendering.view("service/versions")
                    .modelAttribute("state", state)
                    .modelAttribute("service", state.service())
                    .modelAttribute("versions", state.versions().stream()
                            .sorted(java.util.Comparator.comparingInt(VersionSummary::number).reversed()).toList())
                    .modelAttribute("active", active.orElse(null))
                    .modelAttribute("draft", draft.orElse(null))
                    .modelAttribute("diff", both.getT1().orElse(null))
                    .modelAttribute("rollout", both.getT2())
                    .modelAttribute("serviceId", id)
                    .modelAttribute("checked", checked)
                    .modelAttribute("errors", errors)
                    .modelAttribute("notice", notice)
                    .modelAttribute("draftNote", draftNote)
                    .status(status)
                    .build());
        });
    }
}

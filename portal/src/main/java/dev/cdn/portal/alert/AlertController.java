package dev.cdn.portal.alert;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.AlertKind;
import dev.cdn.portal.api.AlertRule;
import dev.cdn.portal.api.AlertsClient;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.web.Confirmation;
import dev.cdn.portal.web.FormErrors;

/**
 * A service's alerts: its rules with their state, a form to add one, editing and deleting (after a confirmation),
 * and the history of the rules' changes of state with what became of each notification.
 */
@Controller
class AlertController {

    /** How many changes of state the page lists. */
    static final int HISTORY = 50;

    private final ServicesClient servicesApi;
    private final AlertsClient alertsApi;

    AlertController(ServicesClient servicesApi, AlertsClient alertsApi) {
        this.servicesApi = servicesApi;
        this.alertsApi = alertsApi;
    }

    @GetMapping("/services/{id}/alerts")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return servicesApi.getService(user.apiToken(), id)
                .flatMap(service -> list(user, service, AlertForm.empty(), FormErrors.none(), null, HttpStatus.OK));
    }

    @PostMapping("/services/{id}/alerts")
    Mono<Rendering> create(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @ModelAttribute("form") AlertForm form) {
        return servicesApi.getService(user.apiToken(), id).flatMap(service -> {
            FormErrors errors = form.check();
            if (!errors.isEmpty()) {
                return list(user, service, form, errors, null, HttpStatus.BAD_REQUEST);
            }
            return alertsApi.createAlert(user.apiToken(), id, form.toRequest())
                    .flatMap(created -> list(user, service, AlertForm.empty(), FormErrors.none(), created,
                            HttpStatus.CREATED))
                    .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                            ? list(user, service, form, rejected(e), null, HttpStatus.valueOf(e.status()))
                            : Mono.error(e));
        });
    }

    @GetMapping("/services/{id}/alerts/{ruleId}/edit")
    Mono<Rendering> edit(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable String ruleId) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), alertsApi.getAlert(user.apiToken(), id, ruleId),
                        alertsApi.listAlerts(user.apiToken(), id))
                .map(all -> editor(all.getT1(), all.getT2(), all.getT3().kinds(), AlertForm.of(all.getT2()),
                        FormErrors.none(), HttpStatus.OK));
    }

    @PostMapping("/services/{id}/alerts/{ruleId}")
    Mono<Rendering> update(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable String ruleId, @ModelAttribute("form") AlertForm form) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), alertsApi.getAlert(user.apiToken(), id, ruleId),
                        alertsApi.listAlerts(user.apiToken(), id))
                .flatMap(both -> {
                    FormErrors errors = form.check();
                    if (!errors.isEmpty()) {
                        return Mono.just(editor(both.getT1(), both.getT2(), both.getT3().kinds(), form, errors,
                                HttpStatus.BAD_REQUEST));
                    }
                    return alertsApi.updateAlert(user.apiToken(), id, ruleId, form.toRequest())
                            .flatMap(updated -> updated.webhookSecret() == null
                                    ? Mono.just(Rendering.redirectTo("/services/" + id + "/alerts").build())
                                    : list(user, both.getT1(), AlertForm.empty(), FormErrors.none(), updated,
                                            HttpStatus.OK))
                            .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                                    ? Mono.just(editor(both.getT1(), both.getT2(), both.getT3().kinds(), form,
                                            rejected(e), HttpStatus.BAD_REQUEST))
                                    : Mono.error(e));
                });
    }

    /** Asks before deleting: the rule stops watching, and its history goes with it. */
    @GetMapping("/services/{id}/alerts/{ruleId}/delete")
    Mono<Rendering> confirmDelete(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable String ruleId) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), alertsApi.getAlert(user.apiToken(), id, ruleId))
                .map(both -> Rendering.view("confirm").modelAttribute("confirm",
                        Confirmation.ask("Delete the alert rule " + both.getT2().name() + "?")
                                .under("Services", "/dashboard")
                                .under(both.getT1().name(), "/services/" + id + "/alerts")
                                .says("Nobody is notified of this condition any more"
                                        + (both.getT2().isFiring() ? ", and it is firing now." : "."))
                                .says("Its history of firing and resolving is deleted with it; the audit log keeps"
                                        + " the rule.")
                                .posts("/services/" + id + "/alerts/" + ruleId + "/delete", "Delete the rule")
                                .cancel("Keep it", "/services/" + id + "/alerts").build())
                        .build());
    }

    @PostMapping("/services/{id}/alerts/{ruleId}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable String ruleId) {
        return alertsApi.deleteAlert(user.apiToken(), id, ruleId)
                .thenReturn(Rendering.redirectTo("/services/" + id + "/alerts").build());
    }

    private Mono<Rendering> list(PortalUser user, ServiceSummary service, AlertForm form, FormErrors errors,
            AlertRule created, HttpStatus status) {
        return Mono.zip(alertsApi.listAlerts(user.apiToken(), service.id()),
                        alertsApi.alertHistory(user.apiToken(), service.id(), HISTORY))
                .map(both -> Rendering.view("alert/list")
                        .modelAttribute("service", service)
                        .modelAttribute("rules", both.getT1().items())
                        .modelAttribute("kinds", both.getT1().kinds())
                        .modelAttribute("history", both.getT2())
                        .modelAttribute("form", form)
                        .modelAttribute("errors", errors)
                        .modelAttribute("created", created)
                        .status(status)
                        .build());
    }

    private static Rendering editor(ServiceSummary service, AlertRule rule, List<AlertKind> kinds, AlertForm form,
            FormErrors errors, HttpStatus status) {
        return Rendering.view("alert/form")
                .modelAttribute("service", service)
                .modelAttribute("rule", rule)
                .modelAttribute("kinds", kinds)
                .modelAttribute("form", form)
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }

    private static FormErrors rejected(ApiProblemException e) {
        return FormErrors.fromProblem(e.problem(), AlertForm.FIELDS, AlertForm::formField);
    }
}

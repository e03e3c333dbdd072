package dev.cdn.portal.service;

import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
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
import dev.cdn.portal.api.ApiUnavailableException;
import dev.cdn.portal.api.DomainClaim;
import dev.cdn.portal.api.DomainsClient;
import dev.cdn.portal.api.DraftConfigClient;
import dev.cdn.portal.api.OriginHealthReport;
import dev.cdn.portal.api.OriginsClient;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.VersionsClient;
import dev.cdn.portal.web.FormErrors;

/**
 * Creating a service and its configuration page: domains (with their ownership proof and a "check now"),
 * origins by pool (with their health as the edges report it), cache rules in priority order and the
 * service-wide settings of the newest version. Forms that fail re-render this page with the API's messages next
 * to the inputs and what was typed still in them.
 */
@Controller
class ServiceController {

    private static final Set<String> DOMAIN_FIELDS = Set.of("domain");

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;
    private final DraftConfigClient draftApi;
    private final OriginsClient originsApi;
    private final DomainsClient domainsApi;
    private final ServiceLoader loader;

    private final String edgeTarget;

    ServiceController(ServicesClient servicesApi, VersionsClient versionsApi, DraftConfigClient draftApi,
            OriginsClient originsApi, DomainsClient domainsApi, ServiceLoader loader,
            @Value("${cdn.portal.edge-target:127.0.0.1:8000}") String edgeTarget) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
        this.draftApi = draftApi;
        this.originsApi = originsApi;
        this.domainsApi = domainsApi;
        this.loader = loader;
        this.edgeTarget = edgeTarget;
    }

    @GetMapping("/services/new")
    Rendering newService() {
        return Rendering.view("service/new").modelAttribute("form", NewServiceForm.empty())
                .modelAttribute("errors", FormErrors.none()).build();
    }

    @PostMapping("/services")
    Mono<Rendering> create(@AuthenticationPrincipal PortalUser user, @ModelAttribute("form") NewServiceForm form) {
        FormValues values = new FormValues();
        var request = form.toRequest(values);
        if (!values.errors().isEmpty()) {
            return Mono.just(newServiceFailed(form, values.errors()));
        }
        return servicesApi.createService(user.apiToken(), request)
                .map(created -> Rendering.redirectTo("/services/" + created.id() + "?notice=created").build())
                .onErrorResume(ApiProblemException.class, e -> Mono.just(newServiceFailed(form,
                        FormErrors.fromProblem(e.problem(), NewServiceForm.FIELDS, NewServiceForm::formField))));
    }

    private static Rendering newServiceFailed(NewServiceForm form, FormErrors errors) {
        return Rendering.view("service/new").modelAttribute("form", form).modelAttribute("errors", errors)
                .status(HttpStatus.BAD_REQUEST).build();
    }

    @GetMapping("/services/{id}")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @RequestParam(required = false) String notice, org.springframework.web.server.WebSession session) {
        return Mono.zip(loader.load(user.apiToken(), id), originHealth(user.apiToken(), id), ownership(user.apiToken(), id),
                        certificates(user.apiToken(), id))
                .map(page -> configPage(page.getT1(), page.getT2(), page.getT3(), "", null, FormErrors.none(), notice)
                        .modelAttribute("goLive", GoLive.of(page.getT1(), page.getT3(), edgeTarget))
                        .modelAttribute("domainCertificates", DomainCertificate.of(verified(page.getT3()),
                                page.getT4().orElse(null)))
                        .modelAttribute("originTests", OriginRowTestController.takeResults(session, id))
                        .build());
    }

    /** Checks a domain's ownership now (its TXT record, else its HTTP token) and shows the page with the result. */
    @PostMapping("/services/{id}/domains/check")
    Mono<Rendering> checkDomain(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @ModelAttribute("domainField") DomainField domain) {
        return domainsApi.checkDomain(user.apiToken(), id, domain.value())
                .map(claim -> saved(id, "verified".equals(claim.state()) ? "domain-verified" : "domain-unproved"))
                .onErrorResume(ApiProblemException.class, e -> isFormError(e) || e.status() == 404
                        ? failed(user, id, "", null, FormErrors.fromProblem(e.problem(), Set.of()))
                        : Mono.error(e));
    }

    /**
     * Starts a new draft from the newest version, so an active configuration can be changed safely, with the
     * note typed (what will change and why).
     */
    @PostMapping("/services/{id}/draft")
    Mono<Rendering> newDraft(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @ModelAttribute NoteText note) {
        if (note.problem() != null) {
            return draftRefused(user, id, note, FormErrors.none().withField("note", note.problem()));
        }
        return servicesApi.getService(user.apiToken(), id)
                .flatMap(service -> versionsApi.cloneVersion(user.apiToken(), id, service.latestVersion(), note.value()))
                .map(draft -> Rendering.redirectTo("/services/" + id + "?notice=draft").build())
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                        ? draftRefused(user, id, note, FormErrors.fromProblem(e.problem(), Set.of("note")))
                        : Mono.error(e));
    }

    private Mono<Rendering> draftRefused(PortalUser user, String id, NoteText note, FormErrors errors) {
        return Mono.zip(loader.load(user.apiToken(), id), originHealth(user.apiToken(), id), ownership(user.apiToken(), id))
                .map(page -> configPage(page.getT1(), page.getT2(), page.getT3(), "", null, errors, null)
                        .modelAttribute("draftNote", note.note()).status(HttpStatus.BAD_REQUEST).build());
    }

    @PostMapping("/services/{id}/versions/{number}/domains")
    Mono<Rendering> addDomain(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @ModelAttribute("domainField") DomainField domain) {
        String typed = domain.value();
        if (typed.isEmpty()) {
            return failed(user, id, typed, null, FormErrors.field("domain", "Enter a domain, such as www.example.com."));
        }
        return domainsApi.addDomain(user.apiToken(), id, number, typed)
                .map(v -> saved(id, "domain"))
                .onErrorResume(ApiProblemException.class, e -> isFormError(e)
                        ? failed(user, id, typed, null, FormErrors.fromProblem(e.problem(), DOMAIN_FIELDS,
                                f -> f.equals("name") || f.startsWith("domains") ? "domain" : f))
                        : Mono.error(e));
    }

    @PostMapping("/services/{id}/versions/{number}/domains/remove")
    Mono<Rendering> removeDomain(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @ModelAttribute("domainField") DomainField domain) {
        return domainsApi.removeDomain(user.apiToken(), id, number, domain.value())
                .map(v -> saved(id, "domain-removed"))
                .onErrorResume(ApiProblemException.class, e -> isFormError(e)
                        ? failed(user, id, "", null, FormErrors.fromProblem(e.problem(), Set.of()))
                        : Mono.error(e));
    }

    @PostMapping("/services/{id}/versions/{number}/settings")
    Mono<Rendering> settings(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
            @PathVariable int number, @ModelAttribute("settingsForm") SettingsForm form) {
        FormValues values = new FormValues();
        var settings = form.toSettings(values);
        if (!values.errors().isEmpty()) {
            return failed(user, id, "", form, values.errors());
        }
        return draftApi.updateSettings(user.apiToken(), id, number, settings)
                .map(v -> saved(id, "settings"))
                .onErrorResume(ApiProblemException.class, e -> isFormError(e)
                        ? failed(user, id, "", form, FormErrors.fromProblem(e.problem(), SettingsForm.FIELDS,
                                SettingsForm::formField))
                        : Mono.error(e));
    }

    /** A refusal about what was typed (400) or about the version being locked (409) belongs on the form. */
    static boolean isFormError(ApiProblemException e) {
        return e.status() == 400 || e.status() == 409;
    }

    private static Rendering saved(String id, String what) {
        return Rendering.redirectTo("/services/" + id + "?notice=" + what).build();
    }

    private Mono<Rendering> failed(PortalUser user, String id, String domain, SettingsForm settings, FormErrors errors) {
        return Mono.zip(loader.load(user.apiToken(), id), originHealth(user.apiToken(), id), ownership(user.apiToken(), id))
                .map(page -> configPage(page.getT1(), page.getT2(), page.getT3(), domain, settings, errors, null)
                        .status(HttpStatus.BAD_REQUEST).build());
    }

    /**
     * The origins' health, fetched alongside the configuration. Health is secondary on this page: when the API
     * will not give it (a refusal, an outage of that call alone), origins show as unknown rather than the page
     * failing. An expired session still goes to the log-in page.
     */
    private Mono<OriginHealthReport> originHealth(String token, String id) {
        return originsApi.originHealth(token, id)
                .onErrorResume(e -> e instanceof ApiProblemException || e instanceof ApiUnavailableException,
                        e -> Mono.just(OriginHealthReport.none(id)));
    }

    /** The domains' ownership state; like health, secondary: the page shows without it when the API will not say. */
    private Mono<List<DomainClaim>> ownership(String token, String id) {
        return domainsApi.listDomains(token, id)
                .onErrorResume(e -> e instanceof ApiProblemException || e instanceof ApiUnavailableException,
                        e -> Mono.just(List.of()));
    }

    /** The certificates and ACME state; secondary like ownership: empty when the API will not say. */
    private Mono<java.util.Optional<dev.cdn.portal.api.CertificateList>> certificates(String token, String id) {
        return domainsApi.certificates(token, id).map(java.util.Optional::of)
                .onErrorResume(e -> e instanceof ApiProblemException || e instanceof ApiUnavailableException,
                        e -> Mono.just(java.util.Optional.empty()));
    }

    private static List<String> verified(List<DomainClaim> claims) {
        return claims.stream().filter(c -> "verified".equals(c.state())).map(DomainClaim::name).toList();
    }

    private static Rendering.Builder<?> configPage(ServiceState state, OriginHealthReport health,
            List<DomainClaim> ownership, String domain, SettingsForm settings, FormErrors errors, String notice) {
        return Rendering.view("service/config")
                .modelAttribute("health", health)
                .modelAttribute("ownership", ownership)
                .modelAttribute("state", state)
                .modelAttribute("service", state.service())
                .modelAttribute("config", state.version().config())
                .modelAttribute("pools", OriginPools.of(state.version().config().origins()))
                .modelAttribute("domain", domain)
                .modelAttribute("settingsForm", settings != null ? settings
                        : SettingsForm.of(state.version().config().settings()))
                .modelAttribute("errors", errors)
                .modelAttribute("notice", Notices.message(notice));
    }

    // WebFlux binds @RequestParam from the query string only; a form's fields reach a controller through data
    // binding (@ModelAttribute), hence these one-field records.
    /** The {@code domain} field of the add and remove forms. */
    record DomainField(String domain) {

        String value() {
            return domain == null ? "" : domain.strip();
        }
    }
}

package dev.cdn.portal.secrets;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.DebugTokenInfo;
import dev.cdn.portal.api.OriginAuthInfo;
import dev.cdn.portal.api.SecretsClient;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.web.FormErrors;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * A service's secrets page: the origin-authentication header (name, fingerprint, when set; a form to set, generate,
 * rotate or remove it) and the debug token (make a new one, remove it). A generated value or a new token is handed to
 * the page after the redirect (post/redirect/get) through the server-side session and removed as it is shown, so it
 * is shown once, never travels in a URL and never reaches a cookie; a typed value is never sent back to the page.
 */
@Controller
class SecretsPageController {

    static final Set<String> FIELDS = Set.of("header", "value");
    private static final String SHOWN_ONCE = "portal.secrets.shown-once";

    /** The origin-auth form: a header name and a value, or "generate". */
    record OriginAuthForm(String header, String value, String generate) {

        @Override
        public String toString() {
            return "OriginAuthForm[header=" + header + ", value=(hidden)]";
        }
    }

    /** A secret to show once on the next page: what it is and its value. */
    record ShownOnce(String serviceId, String what, String value) {

        @Override
        public String toString() {
            return "ShownOnce[" + what + "]";
        }
    }

    private final ServicesClient servicesApi;
    private final SecretsClient secretsApi;

    SecretsPageController(ServicesClient servicesApi, SecretsClient secretsApi) {
        this.servicesApi = servicesApi;
        this.secretsApi = secretsApi;
    }

    @GetMapping("/services/{id}/secrets")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id, WebSession session) {
        ShownOnce shown = (ShownOnce) session.getAttributes().remove(SHOWN_ONCE);
        return page(user, id, new OriginAuthForm("", "", null), FormErrors.none(),
                shown != null && shown.serviceId().equals(id) ? shown : null, HttpStatus.OK);
    }

    @PostMapping("/services/{id}/secrets/origin-auth")
    Mono<Rendering> setOriginAuth(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
                                  @ModelAttribute("form") OriginAuthForm form, WebSession session) {
        boolean generate = form.generate() != null;
        OriginAuthInfo.Request request = new OriginAuthInfo.Request(form.header(),
                generate ? null : form.value(), generate ? Boolean.TRUE : null);
        return secretsApi.setOriginAuth(user.apiToken(), id, request)
                .map(set -> {
                    if (set.value() != null) {
                        session.getAttributes().put(SHOWN_ONCE, new ShownOnce(id, "The generated " + set.header()
                                + " value", set.value()));
                    }
                    return Rendering.redirectTo("/services/" + id + "/secrets").status(HttpStatus.SEE_OTHER).build();
                })
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                        // The value is not sent back to the page: the user types it again.
                        ? page(user, id, new OriginAuthForm(form.header(), "", null), e.status() == 400
                                ? FormErrors.fromProblem(e.problem(), FIELDS)
                                : FormErrors.global(e.problem().detail()), null, HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    @PostMapping("/services/{id}/secrets/origin-auth/delete")
    Mono<Rendering> deleteOriginAuth(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return secretsApi.deleteOriginAuth(user.apiToken(), id)
                .thenReturn(Rendering.redirectTo("/services/" + id + "/secrets").status(HttpStatus.SEE_OTHER).build());
    }

    @PostMapping("/services/{id}/secrets/debug-token")
    Mono<Rendering> newDebugToken(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
                                  WebSession session) {
        return secretsApi.newDebugToken(user.apiToken(), id).map(made -> {
            session.getAttributes().put(SHOWN_ONCE, new ShownOnce(id, "The new debug token (send it in "
                    + made.header() + ")", made.token()));
            return Rendering.redirectTo("/services/" + id + "/secrets").status(HttpStatus.SEE_OTHER).build();
        });
    }

    @PostMapping("/services/{id}/secrets/debug-token/delete")
    Mono<Rendering> deleteDebugToken(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return secretsApi.deleteDebugToken(user.apiToken(), id)
                .onErrorResume(ApiProblemException.class, e -> e.status() == 404 ? Mono.empty() : Mono.error(e))
                .thenReturn(Rendering.redirectTo("/services/" + id + "/secrets").status(HttpStatus.SEE_OTHER).build());
    }

    private Mono<Rendering> page(PortalUser user, String id, OriginAuthForm form, FormErrors errors, ShownOnce shown,
                                 HttpStatus status) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id),
                        secretsApi.originAuth(user.apiToken(), id).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(both -> Rendering.view("secrets/secrets")
                        .modelAttribute("service", both.getT1())
                        .modelAttribute("originAuth", both.getT2().orElse(null))
                        .modelAttribute("form", form)
                        .modelAttribute("errors", errors)
                        .modelAttribute("shown", shown)
                        .status(status)
                        .build());
    }
}

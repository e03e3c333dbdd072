package dev.cdn.portal.cert;

import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.CertificateList;
import dev.cdn.portal.api.DomainsClient;
import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.web.FormErrors;
import dev.cdn.portal.account.PortalUser;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/**
 * A service's certificates page: each certificate's status, names served and expiry, the ACME state (last error,
 * next attempt), and a form to upload a chain and key. The key goes to the API and is never shown again.
 */
@Controller
class CertificatePageController {

    static final Set<String> FIELDS = Set.of("chain", "key");

    /** The upload form: PEM text pasted in. */
    record UploadForm(String chain, String key) {

        @Override
        public String toString() {
            return "UploadForm[key=(hidden)]";
        }
    }

    private final ServicesClient servicesApi;
    private final DomainsClient domainsApi;

    CertificatePageController(ServicesClient servicesApi, DomainsClient domainsApi) {
        this.servicesApi = servicesApi;
        this.domainsApi = domainsApi;
    }

    @GetMapping("/services/{id}/certificates")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return page(user, id, new UploadForm("", ""), FormErrors.none(), HttpStatus.OK);
    }

    @PostMapping("/services/{id}/certificates")
    Mono<Rendering> upload(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
                           @ModelAttribute("form") UploadForm form) {
        return domainsApi.uploadCertificate(user.apiToken(), id, new CertificateList.Upload(form.chain(), form.key()))
                .map(created -> Rendering.redirectTo("/services/" + id + "/certificates").build())
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400 || e.status() == 409
                        // The key is not sent back to the page: the user pastes it again.
                        ? page(user, id, new UploadForm(form.chain(), ""), e.status() == 400
                                ? FormErrors.fromProblem(e.problem(), FIELDS)
                                : FormErrors.global(e.problem().detail()), HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    @PostMapping("/services/{id}/certificates/{certificateId}/delete")
    Mono<Rendering> delete(@AuthenticationPrincipal PortalUser user, @PathVariable String id,
                           @PathVariable String certificateId) {
        return domainsApi.deleteCertificate(user.apiToken(), id, certificateId)
                .thenReturn(Rendering.redirectTo("/services/" + id + "/certificates").build());
    }

    private Mono<Rendering> page(PortalUser user, String id, UploadForm form, FormErrors errors, HttpStatus status) {
        return Mono.zip(servicesApi.getService(user.apiToken(), id), domainsApi.certificates(user.apiToken(), id))
                .map(both -> Rendering.view("cert/certificates")
                        .modelAttribute("service", both.getT1())
                        .modelAttribute("certificates", both.getT2())
                        .modelAttribute("form", form)
                        .modelAttribute("errors", errors)
                        .status(status)
                        .build());
    }
}

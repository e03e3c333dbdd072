package dev.cdn.portal.service;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.OriginTest;
import dev.cdn.portal.api.OriginsClient;
import dev.cdn.portal.web.FormErrors;

/**
 * "Test origin" on the new-service form: the platform fetches the typed origin once (under its SSRF rule) and the
 * form comes back with what happened in plain words, everything typed kept and nothing created. The form's second
 * submit button posts here ({@code formaction}), so it works without JavaScript.
 */
@Controller
class OriginTestController {

    private static final Set<String> ORIGIN_FIELDS = Set.of("originUrl");

    private final OriginsClient originsApi;

    OriginTestController(OriginsClient originsApi) {
        this.originsApi = originsApi;
    }

    @PostMapping("/services/new/test-origin")
    Mono<Rendering> test(@AuthenticationPrincipal PortalUser user, @ModelAttribute("form") NewServiceForm form) {
        OriginAddress address = OriginAddress.parse(form.originUrl());
        if (!address.isValid()) {
            return Mono.just(answer(form, FormErrors.field("originUrl", address.problem()), null,
                    HttpStatus.BAD_REQUEST));
        }
        return originsApi.testOrigin(user.apiToken(),
                        new OriginTest.Request(address.host(), address.port(), address.tls(), null, null))
                .map(result -> answer(form, FormErrors.none(), result, HttpStatus.OK))
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                        ? Mono.just(answer(form, FormErrors.fromProblem(e.problem(), ORIGIN_FIELDS, f -> "originUrl"),
                                null, HttpStatus.BAD_REQUEST))
                        : Mono.error(e));
    }

    private static Rendering answer(NewServiceForm form, FormErrors errors, OriginTest result, HttpStatus status) {
        return Rendering.view("service/new").modelAttribute("form", form).modelAttribute("errors", errors)
                .modelAttribute("originTest", result).status(status).build();
    }
}

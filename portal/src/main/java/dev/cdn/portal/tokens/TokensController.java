package dev.cdn.portal.tokens;

import java.time.Clock;
import java.time.Instant;

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
import dev.cdn.portal.api.CreatedToken;
import dev.cdn.portal.api.PlatformApiClient;
import dev.cdn.portal.web.FormErrors;

/**
 * API tokens: list, create with scopes (the secret is shown once, on the page that answers the creation, and
 * is never stored by the portal), revoke.
 */
@Controller
class TokensController {

    private final PlatformApiClient api;
    private final Clock clock;

    TokensController(PlatformApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    @GetMapping("/tokens")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String notice) {
        return render(user, TokenForm.empty(), FormErrors.none(), null,
                "revoked".equals(notice) ? "The token was revoked." : null, HttpStatus.OK);
    }

    @PostMapping("/tokens")
    Mono<Rendering> create(@AuthenticationPrincipal PortalUser user, @ModelAttribute("form") TokenForm form) {
        FormErrors errors = form.check(Instant.now(clock));
        if (!errors.isEmpty()) {
            return render(user, form, errors, null, null, HttpStatus.BAD_REQUEST);
        }
        return api.createToken(user.apiToken(), form.toRequest())
                // Rendered, not redirected: the secret must not travel through a URL or the session.
                .flatMap(created -> render(user, TokenForm.empty(), FormErrors.none(), created, null,
                        HttpStatus.CREATED))
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                        ? render(user, form, FormErrors.fromProblem(e.problem(), TokenForm.FIELDS, TokenForm::formField),
                                null, null, HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    @PostMapping("/tokens/{id}/revoke")
    Mono<Rendering> revoke(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return api.revokeToken(user.apiToken(), id).thenReturn(Rendering.redirectTo("/tokens?notice=revoked").build());
    }

    private Mono<Rendering> render(PortalUser user, TokenForm form, FormErrors errors, CreatedToken created,
            String notice, HttpStatus status) {
        return api.listTokens(user.apiToken()).map(tokens -> Rendering.view("tokens")
                .modelAttribute("tokens", tokens)
                .modelAttribute("form", form)
                .modelAttribute("scopes", TokenForm.SCOPES)
                .modelAttribute("errors", errors)
                .modelAttribute("created", created)
                .modelAttribute("notice", notice)
                .status(status)
                .build());
    }
}

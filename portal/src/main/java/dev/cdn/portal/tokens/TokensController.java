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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebSession;

import dev.cdn.portal.account.PortalUser;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.CreatedToken;
import dev.cdn.portal.api.TokensClient;
import dev.cdn.portal.web.Confirmation;
import dev.cdn.portal.web.FormErrors;

/**
 * API tokens: list, create with scopes, revoke. The creation answers with a redirect to the list (post/redirect/get:
 * reloading the page creates nothing); the secret is handed to that next page through the server-side session and
 * removed as it is shown, so it is shown once, never travels in a URL and never reaches a cookie.
 */
@Controller
class TokensController {

    private final TokensClient tokensApi;
    private final Clock clock;

    TokensController(TokensClient tokensApi, Clock clock) {
        this.tokensApi = tokensApi;
        this.clock = clock;
    }

    private static final String CREATED = "portal.tokens.created";

    @GetMapping("/tokens")
    Mono<Rendering> page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String notice,
            WebSession session) {
        CreatedToken created = (CreatedToken) session.getAttributes().remove(CREATED);
        return render(user, TokenForm.empty(), FormErrors.none(), created,
                "revoked".equals(notice) ? "The token was revoked." : null, HttpStatus.OK);
    }

    @PostMapping("/tokens")
    Mono<Rendering> create(@AuthenticationPrincipal PortalUser user, @ModelAttribute("form") TokenForm form,
            WebSession session) {
        FormErrors errors = form.check(Instant.now(clock));
        if (!errors.isEmpty()) {
            return render(user, form, errors, null, null, HttpStatus.BAD_REQUEST);
        }
        return tokensApi.createToken(user.apiToken(), form.toRequest())
                .map(created -> {
                    session.getAttributes().put(CREATED, created);
                    return Rendering.redirectTo("/tokens").status(HttpStatus.SEE_OTHER).build();
                })
                .onErrorResume(ApiProblemException.class, e -> e.status() == 400
                        ? render(user, form, FormErrors.fromProblem(e.problem(), TokenForm.FIELDS, TokenForm::formField),
                                null, null, HttpStatus.BAD_REQUEST)
                        : Mono.error(e));
    }

    /** Asks before revoking: whatever uses the token stops working at once, and a revoked token stays revoked. */
    @GetMapping("/tokens/{id}/revoke")
    Mono<Rendering> confirmRevoke(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return tokensApi.listTokens(user.apiToken())
                .flatMap(tokens -> Mono.justOrEmpty(tokens.stream().filter(t -> t.id().equals(id)).findFirst()))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)))
                .map(token -> Rendering.view("confirm").modelAttribute("confirm", token.isRevoked()
                        ? Confirmation.ask("Revoke token " + token.name() + "?").under("API tokens", "/tokens")
                                .refuse("The token " + token.name() + " is revoked already.")
                                .cancel("Back to the tokens", "/tokens").build()
                        : Confirmation.ask("Revoke token " + token.name() + "?").under("API tokens", "/tokens")
                                .says("Every script or tool that uses " + token.name() + " (" + token.prefix()
                                        + "…) stops working at once: the API answers 401 to it.")
                                .says("A revoked token cannot be brought back; create a new one to replace it.")
                                .posts("/tokens/" + token.id() + "/revoke", "Revoke the token")
                                .cancel("Keep it", "/tokens").build())
                        .build());
    }

    @PostMapping("/tokens/{id}/revoke")
    Mono<Rendering> revoke(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        return tokensApi.revokeToken(user.apiToken(), id).thenReturn(Rendering.redirectTo("/tokens?notice=revoked").build());
    }

    private Mono<Rendering> render(PortalUser user, TokenForm form, FormErrors errors, CreatedToken created,
            String notice, HttpStatus status) {
        return tokensApi.listTokens(user.apiToken()).map(tokens -> Rendering.view("tokens")
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

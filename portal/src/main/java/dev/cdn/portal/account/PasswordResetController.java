package dev.cdn.portal.account;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import dev.cdn.portal.api.AccountClient;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ApiUnavailableException;
import dev.cdn.portal.web.FormErrors;

/**
 * Password reset, for a user who cannot log in: ask for a link by email ({@code /password-reset}), then choose a
 * new password on the page the link opens ({@code /password-reset/{token}}).
 *
 * <p>The request page answers the same whether or not the address has an account, so it cannot be used to find
 * out who is registered. platform-api has no way to check a link without using it, so an unknown, used or
 * expired link is only found out when the new password is submitted; it then gets its own page.
 */
@Controller
class PasswordResetController {

    private static final Set<String> REQUEST_FIELDS = Set.of("email");
    private static final Set<String> PASSWORD_FIELDS = Set.of("password");

    private final AccountClient accountApi;
    private final PortalSessions sessions;

    PasswordResetController(AccountClient accountApi, PortalSessions sessions) {
        this.accountApi = accountApi;
        this.sessions = sessions;
    }

    /** The request form, or (after it was sent, {@code ?sent}) the neutral confirmation. */
    @GetMapping("/password-reset")
    Rendering requestPage(ServerWebExchange exchange) {
        if (exchange.getRequest().getQueryParams().containsKey("sent")) {
            return Rendering.view("account/password-reset-sent").build();
        }
        return requestForm("", FormErrors.none(), HttpStatus.OK);
    }

    @PostMapping("/password-reset")
    Mono<Rendering> request(@ModelAttribute("resetRequest") ResetRequestForm form) {
        String typed = form.email() == null ? "" : form.email().strip();
        if (typed.isEmpty()) {
            return Mono.just(requestForm(typed, FormErrors.field("email", Messages.ENTER_EMAIL), HttpStatus.BAD_REQUEST));
        }
        // Redirect after the POST so a reload does not issue a second link; the page names no address.
        return accountApi.requestPasswordReset(typed)
                .thenReturn(Rendering.redirectTo("/password-reset?sent").build())
                .onErrorResume(ApiProblemException.class, e -> Mono.just(requestForm(typed,
                        FormErrors.fromProblem(e.problem(), REQUEST_FIELDS), HttpStatus.BAD_REQUEST)))
                .onErrorResume(ApiUnavailableException.class, e -> Mono.just(requestForm(typed,
                        FormErrors.global(Messages.API_UNAVAILABLE), HttpStatus.SERVICE_UNAVAILABLE)));
    }

    @GetMapping("/password-reset/{token}")
    Rendering passwordPage(@PathVariable String token) {
        return passwordForm(token, FormErrors.none(), HttpStatus.OK);
    }

    @PostMapping("/password-reset/{token}")
    Mono<Rendering> reset(@PathVariable String token, @ModelAttribute("form") NewPasswordForm form,
            ServerWebExchange exchange) {
        if (form.password().isEmpty()) {
            return Mono.just(passwordForm(token, FormErrors.field("password", Messages.CHOOSE_PASSWORD),
                    HttpStatus.BAD_REQUEST));
        }
        if (!form.passwordsMatch()) {
            return Mono.just(passwordForm(token, FormErrors.field("confirmPassword", Messages.PASSWORDS_DIFFER),
                    HttpStatus.BAD_REQUEST));
        }
        // The API has just revoked every session of the user; a portal session in this browser (theirs, or
        // someone else's) ends too, so the login page can show its notice instead of redirecting to a dashboard.
        return accountApi.resetPassword(token, form.password())
                .then(sessions.end(exchange))
                .thenReturn(Rendering.redirectTo(LoginNotice.PASSWORD_CHANGED.loginPath()).build())
                .onErrorResume(ApiProblemException.class, e -> Mono.just(e.status() == HttpStatus.NOT_FOUND.value()
                        ? LinkInvalid.PASSWORD_RESET.page()
                        : passwordForm(token, FormErrors.fromProblem(e.problem(), PASSWORD_FIELDS),
                                HttpStatus.BAD_REQUEST)))
                .onErrorResume(ApiUnavailableException.class, e -> Mono.just(passwordForm(token,
                        FormErrors.global(Messages.API_UNAVAILABLE), HttpStatus.SERVICE_UNAVAILABLE)));
    }

    /**
     * What the request form submits: WebFlux binds {@code @RequestParam} from the query string only, so a form
     * field reaches a controller through data binding.
     */
    record ResetRequestForm(String email) {
    }

    private static Rendering requestForm(String email, FormErrors errors, HttpStatus status) {
        return Rendering.view("account/password-reset-request")
                .modelAttribute("email", email)
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }

    private static Rendering passwordForm(String token, FormErrors errors, HttpStatus status) {
        // Same attribute name as the bound form, so the submitted passwords are replaced in the model.
        return Rendering.view("account/password-reset")
                .modelAttribute("token", token)
                .modelAttribute("form", NewPasswordForm.empty())
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }
}

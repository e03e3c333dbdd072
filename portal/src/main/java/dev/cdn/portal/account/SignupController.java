package dev.cdn.portal.account;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import dev.cdn.portal.api.AccountClient;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ApiUnavailableException;
import dev.cdn.portal.web.FormErrors;

/** The signup page: creates a tenant and its owner through platform-api, then logs the owner in. */
@Controller
class SignupController {

    private final AccountClient accountApi;
    private final ApiAuthenticationManager authenticationManager;
    private final PortalSessions sessions;

    SignupController(AccountClient accountApi, ApiAuthenticationManager authenticationManager,
            PortalSessions sessions) {
        this.accountApi = accountApi;
        this.authenticationManager = authenticationManager;
        this.sessions = sessions;
    }

    @GetMapping("/signup")
    Rendering page(@AuthenticationPrincipal PortalUser user) {
        if (user != null) {
            return Rendering.redirectTo("/dashboard").build();
        }
        return page(SignupForm.empty(), FormErrors.none(), HttpStatus.OK);
    }

    @PostMapping("/signup")
    Mono<Rendering> signUp(@ModelAttribute("form") SignupForm form, ServerWebExchange exchange) {
        if (!form.passwordsMatch()) {
            return Mono.just(page(form, FormErrors.field("confirmPassword", Messages.PASSWORDS_DIFFER),
                    HttpStatus.BAD_REQUEST));
        }
        return accountApi.signUp(form.toRequest())
                .flatMap(created -> logIn(form, exchange))
                .onErrorResume(ApiProblemException.class, e -> Mono.just(rejected(form, e)))
                .onErrorResume(ApiUnavailableException.class, e -> Mono.just(
                        page(form, FormErrors.global(Messages.API_UNAVAILABLE), HttpStatus.SERVICE_UNAVAILABLE)));
    }

    /**
     * Logs the new owner in with the password just chosen. The account exists whatever happens here, so a
     * failure must not show the signup form again (a retry would hit "email taken"): send them to log in.
     */
    private Mono<Rendering> logIn(SignupForm form, ServerWebExchange exchange) {
        return authenticationManager
                .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(form.email(), form.password()))
                .flatMap(authentication -> sessions.logIn(exchange, authentication))
                .map(next -> Rendering.redirectTo(next.toString()).build())
                .onErrorResume(AuthenticationException.class, e -> Mono.just(
                        Rendering.redirectTo(LoginNotice.ACCOUNT_CREATED.loginPath()).build()));
    }

    private static Rendering rejected(SignupForm form, ApiProblemException rejection) {
        if (rejection.status() == HttpStatus.CONFLICT.value()) {
            return page(form, FormErrors.field("email", Messages.EMAIL_TAKEN), HttpStatus.CONFLICT);
        }
        HttpStatus status = HttpStatus.resolve(rejection.status());
        return page(form, FormErrors.fromProblem(rejection.problem(), SignupForm.API_FIELDS),
                status == null ? HttpStatus.BAD_REQUEST : status);
    }

    private static Rendering page(SignupForm form, FormErrors errors, HttpStatus status) {
        // Same attribute name as the bound form, so the submitted passwords are replaced in the model.
        return Rendering.view("account/signup")
                .modelAttribute("form", form.withoutPasswords())
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }
}

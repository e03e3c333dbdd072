package dev.cdn.portal.account;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import dev.cdn.portal.web.FormErrors;

/** The login page: checks the credentials against platform-api and starts the portal session. */
@Controller
class LoginController {

    private final ApiAuthenticationManager authenticationManager;
    private final PortalSessions sessions;

    LoginController(ApiAuthenticationManager authenticationManager, PortalSessions sessions) {
        this.authenticationManager = authenticationManager;
        this.sessions = sessions;
    }

    @GetMapping("/login")
    Rendering page(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange) {
        if (user != null) {
            return Rendering.redirectTo("/dashboard").build();
        }
        return Rendering.view("account/login")
                .modelAttribute("form", LoginForm.empty())
                .modelAttribute("errors", FormErrors.none())
                .modelAttribute("notice", LoginNotice.from(exchange.getRequest().getQueryParams()).orElse(null))
                .build();
    }

    @PostMapping("/login")
    Mono<Rendering> logIn(@ModelAttribute("form") LoginForm form, ServerWebExchange exchange) {
        FormErrors missing = FormErrors.none();
        if (form.email().isEmpty()) {
            missing = missing.withField("email", Messages.ENTER_EMAIL);
        }
        if (form.password().isEmpty()) {
            missing = missing.withField("password", Messages.ENTER_PASSWORD);
        }
        if (!missing.isEmpty()) {
            return Mono.just(page(form, missing, HttpStatus.BAD_REQUEST));
        }
        return authenticationManager
                .authenticate(attempt(form, exchange))
                .flatMap(authentication -> sessions.logIn(exchange, authentication))
                .map(next -> Rendering.redirectTo(next.toString()).build())
                .onErrorResume(LockedException.class, e -> Mono.just(
                        page(form, FormErrors.global(Messages.TOO_MANY_ATTEMPTS), HttpStatus.TOO_MANY_REQUESTS)))
                .onErrorResume(BadCredentialsException.class, e -> Mono.just(
                        page(form, FormErrors.global(Messages.WRONG_CREDENTIALS), HttpStatus.UNAUTHORIZED)))
                .onErrorResume(AuthenticationServiceException.class, e -> Mono.just(
                        page(form, FormErrors.global(Messages.API_UNAVAILABLE), HttpStatus.SERVICE_UNAVAILABLE)));
    }

    /** The credentials, with the browser's address as details for platform-api's per-address limits. */
    private static UsernamePasswordAuthenticationToken attempt(LoginForm form, ServerWebExchange exchange) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(form.email(), form.password());
        var remote = exchange.getRequest().getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            attempt.setDetails(remote.getAddress().getHostAddress());
        }
        return attempt;
    }

    private static Rendering page(LoginForm form, FormErrors errors, HttpStatus status) {
        // Same attribute name as the bound form, so the submitted password is replaced in the model.
        return Rendering.view("account/login")
                .modelAttribute("form", form.withoutPassword())
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }
}

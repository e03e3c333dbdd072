package dev.cdn.portal.account;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
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
import dev.cdn.portal.api.TeamMember;
import dev.cdn.portal.web.FormErrors;

/**
 * The page an invitation link opens ({@code /invitations/{token}}): the invitee chooses a password, which
 * creates their account in the inviting tenant, and is then logged in.
 *
 * <p>Like a reset link, an invitation cannot be checked without using it, so an unknown, used or expired one is
 * found out on submit and gets its own page. Public, like the login page: the link's secret is the credential.
 */
@Controller
class InvitationController {

    private static final Set<String> FIELDS = Set.of("password");

    private final AccountClient accountApi;
    private final ApiAuthenticationManager authenticationManager;
    private final PortalSessions sessions;

    InvitationController(AccountClient accountApi, ApiAuthenticationManager authenticationManager,
            PortalSessions sessions) {
        this.accountApi = accountApi;
        this.authenticationManager = authenticationManager;
        this.sessions = sessions;
    }

    @GetMapping("/invitations/{token}")
    Rendering page(@PathVariable String token) {
        return form(token, FormErrors.none(), HttpStatus.OK);
    }

    @PostMapping("/invitations/{token}")
    Mono<Rendering> accept(@PathVariable String token, @ModelAttribute("form") NewPasswordForm form,
            ServerWebExchange exchange) {
        if (form.password().isEmpty()) {
            return Mono.just(form(token, FormErrors.field("password", Messages.CHOOSE_PASSWORD), HttpStatus.BAD_REQUEST));
        }
        if (!form.passwordsMatch()) {
            return Mono.just(form(token, FormErrors.field("confirmPassword", Messages.PASSWORDS_DIFFER),
                    HttpStatus.BAD_REQUEST));
        }
        return accountApi.acceptInvitation(token, form.password())
                .flatMap(user -> logIn(user, form.password(), exchange))
                .onErrorResume(ApiProblemException.class, e -> Mono.just(rejected(token, e)))
                .onErrorResume(ApiUnavailableException.class, e -> Mono.just(
                        form(token, FormErrors.global(Messages.API_UNAVAILABLE), HttpStatus.SERVICE_UNAVAILABLE)));
    }

    /**
     * Logs the new member in with the password just chosen, as signup does. The account exists whatever happens
     * here, and the link is used up, so a failure sends them to the login page rather than back to this form.
     */
    private Mono<Rendering> logIn(TeamMember user, String password, ServerWebExchange exchange) {
        return authenticationManager
                .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user.email(), password))
                .flatMap(authentication -> sessions.logIn(exchange, authentication))
                .map(next -> Rendering.redirectTo(next.toString()).build())
                .onErrorResume(AuthenticationException.class, e -> Mono.just(
                        Rendering.redirectTo(LoginNotice.ACCOUNT_CREATED.loginPath()).build()));
    }

    private static Rendering rejected(String token, ApiProblemException rejection) {
        if (rejection.status() == HttpStatus.NOT_FOUND.value()) {
            return LinkInvalid.INVITATION.page();
        }
        if (rejection.status() == HttpStatus.CONFLICT.value()) {
            return form(token, FormErrors.global(Messages.INVITEE_HAS_ACCOUNT), HttpStatus.CONFLICT);
        }
        return form(token, FormErrors.fromProblem(rejection.problem(), FIELDS), HttpStatus.BAD_REQUEST);
    }

    private static Rendering form(String token, FormErrors errors, HttpStatus status) {
        // Same attribute name as the bound form, so the submitted passwords are replaced in the model.
        return Rendering.view("account/invitation")
                .modelAttribute("token", token)
                .modelAttribute("form", NewPasswordForm.empty())
                .modelAttribute("errors", errors)
                .status(status)
                .build();
    }
}

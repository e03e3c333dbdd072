package dev.cdn.portal.account;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import dev.cdn.portal.api.AccountClient;
import dev.cdn.portal.api.ApiProblemException;
import dev.cdn.portal.api.ApiUnauthorizedException;
import dev.cdn.portal.api.ApiUnavailableException;

/**
 * Authenticates an email and password by opening a platform-api session ({@code POST /v1/sessions}); the
 * portal holds no password store of its own.
 *
 * <p>Outcomes follow Spring Security's vocabulary: wrong credentials are {@link BadCredentialsException},
 * an unreachable API is {@link AuthenticationServiceException}, so the login page can tell them apart.
 */
@Component
public class ApiAuthenticationManager implements ReactiveAuthenticationManager {

    private final AccountClient accountApi;

    ApiAuthenticationManager(AccountClient accountApi) {
        this.accountApi = accountApi;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication attempt) {
        String email = attempt.getName();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        // The login page puts the browser's address in the attempt's details.
        String client = attempt.getDetails() instanceof String address ? address : null;
        return accountApi.createSession(email, password, client)
                .map(PortalUser::from)
                .<Authentication>map(user -> UsernamePasswordAuthenticationToken.authenticated(user, null,
                        user.role() == null ? List.of()
                                : List.of(new SimpleGrantedAuthority("ROLE_" + user.role().toUpperCase(Locale.ROOT)))))
                .onErrorMap(ApiUnauthorizedException.class, e -> new BadCredentialsException("Wrong email or password"))
                // 429: too many failed log-ins for this account or from this address; the API is not judging now.
                .onErrorMap(e -> e instanceof ApiProblemException p && p.status() == 429,
                        e -> new LockedException("too many log-in attempts", e))
                // A 400 here means the credentials were malformed: to the user that is still "wrong credentials".
                .onErrorMap(ApiProblemException.class, e -> new BadCredentialsException("Wrong email or password"))
                .onErrorMap(ApiUnavailableException.class,
                        e -> new AuthenticationServiceException("platform-api is unavailable", e));
    }
}

package dev.cdn.portal.account;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.WebSessionServerCsrfTokenRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.security.web.server.savedrequest.WebSessionServerRequestCache;
import org.springframework.web.server.ResponseStatusException;

/**
 * The portal's web security: a server-side session per browser, CSRF tokens on every form, deny by
 * default, and a login that is performed by {@link LoginController} through {@link ApiAuthenticationManager}.
 *
 * <p>Spring Security's own form login is off because the login and signup pages must re-render with inline
 * errors and the typed values, which its redirect-on-failure flow cannot do; {@link PortalSessions} does
 * the two things that flow would have done (renew the session id, drop the pre-login CSRF token).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /**
     * Refusals (a missing CSRF token, say) go through Boot's error handling so they get the portal's own
     * 403 page rather than Spring Security's bare text body.
     */
    private static final ServerAccessDeniedHandler FORBIDDEN_PAGE =
            (exchange, denied) -> Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN));

    /**
     * Pages whose only purpose is a change the member role cannot make: a member who opens one (an old tab, a typed
     * address) gets {@link NotAllowedController}'s page, which says why and keeps the navigation, instead of a
     * form that the API would refuse on submit.
     */
    private static final String[] WRITE_PAGES = {"/services/new", "/services/*/delete",
            "/services/*/versions/*/discard", "/services/*/versions/*/rollback", "/services/*/versions/*/rules/new", "/services/*/versions/*/rules/*/edit",
            "/services/*/versions/*/origins/new", "/services/*/versions/*/origins/*/edit", "/tokens",
            "/tokens/*/revoke", "/services/*/versions/*/domains/remove", "/services/*/versions/*/origins/*/delete",
            "/services/*/versions/*/rules/*/delete"};
    /** Every form post of a signed-in user except logging out (which the logout filter answers before this). */
    private static final String[] WRITE_ACTIONS = {"/services", "/services/**", "/tokens", "/tokens/**",
            "/team/**"};
    private static final String[] WRITERS = {Role.OWNER.name(), Role.ADMIN.name()};

    /**
     * A role refusal goes to a page that says what the role allows and keeps the navigation. 303 (RFC 9110
     * section 15.4.4) so that a refused form post is followed by a GET, and a reload posts nothing again.
     */
    private static final ServerAccessDeniedHandler TO_NOT_ALLOWED_PAGE = (exchange, denied) -> {
        DefaultServerRedirectStrategy redirect = new DefaultServerRedirectStrategy();
        redirect.setHttpStatus(HttpStatus.SEE_OTHER);
        return redirect.sendRedirect(exchange, URI.create(NotAllowedController.PATH));
    };

    @Bean
    ServerSecurityContextRepository securityContextRepository() {
        // Keeps the authentication (and the API token inside it) in the server-side WebSession; saving a new
        // context also changes the session id, which is the session fixation protection.
        return new WebSessionServerSecurityContextRepository();
    }

    @Bean
    ServerCsrfTokenRepository csrfTokenRepository() {
        return new WebSessionServerCsrfTokenRepository();
    }

    @Bean
    ServerRequestCache requestCache() {
        return new WebSessionServerRequestCache();
    }

    @Bean
    SecurityWebFilterChain portalSecurity(ServerHttpSecurity http, ServerSecurityContextRepository contexts,
            ServerCsrfTokenRepository csrfTokens, ServerRequestCache requestCache, ApiLogoutHandler apiLogout) {
        RedirectServerAuthenticationEntryPoint toLogin = new RedirectServerAuthenticationEntryPoint("/login");
        toLogin.setRequestCache(requestCache);
        RedirectServerLogoutSuccessHandler afterLogout = new RedirectServerLogoutSuccessHandler();
        afterLogout.setLogoutSuccessUrl(URI.create("/login?" + LoginNotice.LOGGED_OUT.queryParameter()));
        return http
                .securityContextRepository(contexts)
                .requestCache(cache -> cache.requestCache(requestCache))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).accessDeniedHandler(FORBIDDEN_PAGE))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/", "/login", "/signup", "/password-reset", "/password-reset/*", "/invitations/*",
                                "/css/**", "/js/**", "/webjars/**", "/favicon.svg",
                                "/actuator/health")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/team/users/*/remove").hasRole(Role.OWNER.name())
                        .pathMatchers(HttpMethod.GET, WRITE_PAGES).hasAnyRole(WRITERS)
                        .pathMatchers(HttpMethod.POST, "/team/users/**").hasRole(Role.OWNER.name())
                        .pathMatchers(HttpMethod.POST, WRITE_ACTIONS).hasAnyRole(WRITERS)
                        .anyExchange().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(toLogin)
                        .accessDeniedHandler(TO_NOT_ALLOWED_PAGE))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        // Keep Spring's handlers (clear the context, drop the CSRF token), revoke the API token
                        // first, and drop the whole session last so nothing of the user outlives the logout.
                        .logoutHandler(handlers -> {
                            handlers.add(0, apiLogout);
                            handlers.add(new WebSessionServerLogoutHandler());
                        })
                        .logoutSuccessHandler(afterLogout))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }
}

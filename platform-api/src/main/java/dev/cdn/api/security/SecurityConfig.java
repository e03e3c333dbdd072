package dev.cdn.api.security;

import dev.cdn.api.error.FieldError;
import dev.cdn.api.error.Problems;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security for the API: no sessions, no CSRF (no cookies are used), 401 and 403 as
 * RFC 9457 problem bodies.
 */
@Configuration
class SecurityConfig {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, BearerAuthenticationManager manager, JsonMapper json,
                                       List<AuthorizedRequestFilter> afterAuthorization) {
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(manager);
        bearer.setServerAuthenticationConverter(SecurityConfig::bearer);
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        bearer.setAuthenticationFailureHandler((exchange, e) -> writeProblem(exchange.getExchange(), json,
                HttpStatus.UNAUTHORIZED, e.getMessage()));
        afterAuthorization.forEach(f -> http.addFilterAfter(f.filter(), SecurityWebFiltersOrder.AUTHORIZATION));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                // Every request, public or not, is decided by the one route table; what it does not list is refused.
                .authorizeExchange(ex -> ex.anyExchange().access(new RouteAuthorization(RouteRules.platform())))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> writeProblem(exchange, json, HttpStatus.UNAUTHORIZED,
                                "a valid 'Authorization: Bearer <token>' header is required"))
                        .accessDeniedHandler((exchange, ex) -> ex instanceof RouteDenied denied
                                ? writeProblem(exchange, json, denied.outcome().status(), denied.getMessage())
                                : writeProblem(exchange, json, HttpStatus.FORBIDDEN,
                                        "this credential may not call " + exchange.getRequest().getPath())))
                .build();
    }

    /**
     * Requests the firewall refuses before any route is matched (an encoded slash or dot segment, as in
     * {@code /v1/services/..%2ftokens}, or a NUL in the path) get a problem body like every other 400, instead of
     * the firewall's empty one.
     */
    @Bean
    ServerExchangeRejectedHandler rejectedRequests(JsonMapper json) {
        return (exchange, e) -> writeProblem(exchange, json, HttpStatus.BAD_REQUEST,
                "the request path is not in normalized form (encoded '/', '\\' or '%', dot segments or control"
                        + " characters are refused)", List.of(new FieldError("path", "must be a normalized path")));
    }

    private static Mono<org.springframework.security.core.Authentication> bearer(ServerWebExchange exchange) {
        String secret = TokenSecrets.bearerSecret(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (secret == null) {
            return Mono.empty();
        }
        return Mono.just(new BearerToken(secret, exchange.getRequest().getHeaders().getFirst("X-Edge-Id")));
    }

    private static Mono<Void> writeProblem(ServerWebExchange exchange, JsonMapper json, HttpStatus status, String detail) {
        return writeProblem(exchange, json, status, detail, List.of());
    }

    private static Mono<Void> writeProblem(ServerWebExchange exchange, JsonMapper json, HttpStatus status, String detail,
                                           List<FieldError> errors) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        byte[] body = json.writeValueAsString(Problems.of(status, status.getReasonPhrase(), detail, errors))
                .getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}

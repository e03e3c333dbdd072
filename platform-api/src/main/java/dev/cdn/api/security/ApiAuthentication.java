package dev.cdn.api.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated bearer token: its principal is a {@link TenantPrincipal} or an {@link EdgePrincipal}. */
final class ApiAuthentication extends AbstractAuthenticationToken {

    private final Object principal;

    ApiAuthentication(Object principal, String role) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + role)));
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }
}

package dev.cdn.api.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** An unauthenticated bearer secret taken from the Authorization header, before lookup. */
final class BearerToken extends AbstractAuthenticationToken {

    private final String secret;
    private final String edgeId;

    BearerToken(String secret, String edgeId) {
        super(java.util.List.of());
        this.secret = secret;
        this.edgeId = edgeId;
    }

    String secret() {
        return secret;
    }

    String edgeId() {
        return edgeId;
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return "bearer";
    }
}

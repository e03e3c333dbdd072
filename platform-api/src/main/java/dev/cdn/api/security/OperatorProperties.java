package dev.cdn.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The operator's bearer token ({@code cdn.operator.token}); operator endpoints are closed while it is unset. */
@ConfigurationProperties("cdn.operator")
public record OperatorProperties(String token) {
}

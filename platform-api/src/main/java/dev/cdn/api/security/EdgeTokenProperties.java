package dev.cdn.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The credential edges present on the control channel ({@code cdn.edge.token}). When unset, no edge can
 * connect; the operator must choose one.
 */
@ConfigurationProperties("cdn.edge")
public record EdgeTokenProperties(String token) {
}

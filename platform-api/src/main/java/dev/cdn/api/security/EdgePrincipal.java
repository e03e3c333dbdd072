package dev.cdn.api.security;

/** An edge or shield node calling the control channel with an edge token. */
public record EdgePrincipal(String nodeId) {
}

package dev.cdn.api.security;

/** The platform operator (not a tenant): manages edge credentials and watches the fleet. */
public record OperatorPrincipal(String name) {
}

package dev.cdn.portal.api;

/** The answer to a successful signup: the tenant that was created and its owner. */
public record SignupResult(Tenant tenant, ApiUser user) {
}

package dev.cdn.portal.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /v1/tokens}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRequest(String name, List<String> scopes, List<String> services, Instant expiresAt) {
}

package dev.cdn.portal.api;

import java.time.Instant;

/**
 * One domain claim of a service and where its ownership proof stands ({@code GET /v1/services/{id}/domains}):
 * {@code state} is {@code pending}, {@code verified} (served) or {@code lapsed}.
 */
public record DomainClaim(String name, String state, Verification verification, Instant verifiedAt,
                          Instant checkedAt, int failedChecks, String lastOutcome, String lastOutcomeDetail) {

    /** The TXT record to create, and for an exact name the HTTP token to serve instead ({@code http} null). */
    public record Verification(TxtRecord txt, HttpToken http) {
    }

    public record TxtRecord(String name, String type, String value) {
    }

    public record HttpToken(String url, String body) {
    }
}

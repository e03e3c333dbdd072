package dev.cdn.api.domain;

import java.time.Instant;

/**
 * A domain claim as the API shows it: its state, what proves it and how the last check went.
 *
 * @param verification the two ways to prove control; {@code http} is null for a wildcard (DNS only)
 */
record DomainView(String name, String state, Verification verification, Instant verifiedAt, Instant checkedAt,
                  int failedChecks, String lastOutcome, String lastOutcomeDetail) {

    /** The TXT record to create, or the token to serve. */
    record Verification(TxtRecord txt, HttpToken http) {
    }

    record TxtRecord(String name, String type, String value) {
    }

    record HttpToken(String url, String body) {
    }
}

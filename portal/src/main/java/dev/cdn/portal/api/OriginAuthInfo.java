package dev.cdn.portal.api;

import java.time.Instant;

/**
 * A service's origin-authentication header as the API shows it: name, fingerprint, last 4 characters and when it was
 * set. {@code value} is present only in the answer that generated it.
 */
public record OriginAuthInfo(String header, String fingerprint, String last4, Instant setAt, String value) {

    /** What the portal sends: a header and a value, or {@code generate}. */
    public record Request(String header, String value, Boolean generate) {

        @Override
        public String toString() {
            return "OriginAuthInfo.Request[header=" + header + "]";
        }
    }

    @Override
    public String toString() {
        return "OriginAuthInfo[header=" + header + ", fingerprint=" + fingerprint + "]";
    }
}

package dev.cdn.api.secrets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** What the API shows of a service's secrets: names, fingerprints and times, never a value (except once, generated). */
final class SecretViews {

    private SecretViews() {
    }

    /** {@code PUT /v1/services/{id}/origin-auth}: a header name and either a value or {@code generate: true}. */
    record OriginAuthRequest(String header, String value, Boolean generate) {

        /** Never shows the value: a request may be logged when it fails. */
        @Override
        public String toString() {
            return "OriginAuthRequest[header=" + header + ", generate=" + generate + "]";
        }
    }

    /**
     * The origin-authentication header as stored.
     *
     * @param value the value, only in the answer that generated it (shown once); null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OriginAuthView(String header, String fingerprint, String last4, Instant setAt, String value) {

        OriginAuthView withoutValue() {
            return new OriginAuthView(header, fingerprint, last4, setAt, null);
        }

        @Override
        public String toString() {
            return "OriginAuthView[header=" + header + ", fingerprint=" + fingerprint + "]";
        }
    }

    /**
     * A debug token just made: shown once, in this answer.
     *
     * @param header the request field that carries it
     */
    record DebugTokenView(String token, String header, Instant setAt) {

        @Override
        public String toString() {
            return "DebugTokenView[header=" + header + ", setAt=" + setAt + "]";
        }
    }
}

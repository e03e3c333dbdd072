package dev.cdn.api.etag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Responses that carry their representation's {@code ETag} (RFC 9110 §8.8.3), on reads and on writes alike. */
public final class Tagged {

    private Tagged() {
    }

    public static <T> ResponseEntity<T> ok(T body, String etag) {
        return ResponseEntity.ok().eTag(etag).body(body);
    }

    public static <T> ResponseEntity<T> created(T body, String etag) {
        return ResponseEntity.status(HttpStatus.CREATED).eTag(etag).body(body);
    }
}

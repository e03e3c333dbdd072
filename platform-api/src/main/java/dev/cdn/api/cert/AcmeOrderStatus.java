package dev.cdn.api.cert;

import java.util.Locale;

/** Where a service's ACME certificate stands. */
public enum AcmeOrderStatus {
    /** An order is being placed or validated now. */
    PENDING,
    /** The last order succeeded; the next one is due at renewal time. */
    ISSUED,
    /** The last order failed ({@code lastError}); it is retried at {@code nextAttemptAt}. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AcmeOrderStatus fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

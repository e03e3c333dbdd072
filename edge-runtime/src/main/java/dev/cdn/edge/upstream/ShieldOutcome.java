package dev.cdn.edge.upstream;

import java.util.Locale;

/** What one request sent to a shield came to: the tag of {@code edge_shield_requests_total}. */
public enum ShieldOutcome {
    /** The shield answered with a status below 500. */
    ANSWERED,
    /** The shield answered 5xx: its origin's failure or its own considered answer, still a live shield. */
    ANSWERED_5XX,
    /** No answer at all: refused, connect or first-byte timeout, connection lost. Feeds passive health. */
    NO_ANSWER,
    /** The TLS handshake failed: the shield's certificate did not verify against the fleet CA. Feeds passive health. */
    TLS;

    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

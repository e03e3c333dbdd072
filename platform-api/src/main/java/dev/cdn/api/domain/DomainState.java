package dev.cdn.api.domain;

import java.util.Locale;

/** Where a domain claim stands in proving ownership; only {@link #VERIFIED} claims reach the edges. */
public enum DomainState {
    /** Claimed, not proved yet; holds the name for nobody else. */
    PENDING,
    /** Proved by a DNS TXT record or an HTTP token; the name is this tenant's alone and is served. */
    VERIFIED,
    /** Was verified, then failed the re-check too many times in a row; no longer served until proved again. */
    LAPSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DomainState fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}

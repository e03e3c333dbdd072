package dev.cdn.api.domain;

import java.util.Locale;

/** The result of one ownership check of a claim; feeds the claim's state, its API view and the log. */
public enum CheckOutcome {
    DNS_RECORD_FOUND(true, "the TXT record holds the token"),
    HTTP_TOKEN_FOUND(true, "the token is served over HTTP"),
    AUTO_VERIFIED(true, "a local development name, verified at once (CDN_DEV_AUTO_VERIFY_DOMAINS)"),
    NO_PROOF_FOUND(false, "neither the TXT record nor the HTTP token was found"),
    ADDRESS_REFUSED(false, "the name resolves to a private or otherwise refused address; only the TXT record can"
            + " prove it"),
    CLAIMED_BY_ANOTHER_TENANT(false, "another tenant has verified this name or a wildcard covering it");

    private final boolean proves;
    private final String description;

    CheckOutcome(boolean proves, String description) {
        this.proves = proves;
        this.description = description;
    }

    public boolean proves() {
        return proves;
    }

    public String description() {
        return description;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

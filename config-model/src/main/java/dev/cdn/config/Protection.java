package dev.cdn.config;

/**
 * How a service's edges protect its origin: signed URLs, rate limits, address and country lists and request
 * filters. Each part is null when the service does not use it; {@link #NONE} uses none.
 *
 * @param signedUrls requests must carry a token signed with one of the service's keys (docs/edge-logic.md)
 */
public record Protection(SignedUrls signedUrls) {

    public static final Protection NONE = new Protection(null);

    /** The same protection with every key's secret removed (what the API shows and the audit log keeps). */
    public Protection redacted() {
        return new Protection(signedUrls == null ? null : signedUrls.redacted());
    }
}

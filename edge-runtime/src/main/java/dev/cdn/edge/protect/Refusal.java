package dev.cdn.edge.protect;

/**
 * Why a service's protection refused a request. One value feeds the status code, the body, the Cache-Status
 * {@code detail} ({@code <protection>.<reason>}) and the {@code edge.protection.refused} metric's tags.
 */
public enum Refusal {
    /** No token in the parameter or the cookie. */
    TOKEN_MISSING(Protector.SIGNED_URL, "missing", 403),
    /** The token does not follow the documented grammar. */
    TOKEN_MALFORMED(Protector.SIGNED_URL, "malformed", 403),
    /** The token names a key id the service does not have (a removed key, or a typo). */
    TOKEN_UNKNOWN_KEY(Protector.SIGNED_URL, "unknown-key", 403),
    /** The HMAC does not match: the token or the path was changed after signing, or the wrong secret signed it. */
    TOKEN_BAD_SIGNATURE(Protector.SIGNED_URL, "bad-signature", 403),
    /** The edge's clock has reached the token's expiry. */
    TOKEN_EXPIRED(Protector.SIGNED_URL, "expired", 403),
    /** The token is bound to another client address. */
    TOKEN_WRONG_ADDRESS(Protector.SIGNED_URL, "wrong-address", 403),
    /** The token is bound to a path prefix the request's path does not start with. */
    TOKEN_WRONG_PATH(Protector.SIGNED_URL, "wrong-path", 403),
    /** The client's address is on the service's deny list. */
    ADDRESS_DENIED(Protector.ADDRESS_LIST, "denied", 403),
    /** The service has an address allow list and the client's address is not on it. */
    ADDRESS_NOT_ALLOWED(Protector.ADDRESS_LIST, "not-allowed", 403),
    /** The client's country (from the edge's geo file) is on the service's deny list. */
    COUNTRY_DENIED(Protector.COUNTRY_LIST, "denied", 403),
    /** The service has a country allow list and the client's country is not on it, or is unknown. */
    COUNTRY_NOT_ALLOWED(Protector.COUNTRY_LIST, "not-allowed", 403),
    /** The method is not on the service's allow-list (RFC 9110 section 15.5.6). */
    METHOD_NOT_ALLOWED(Protector.REQUEST_FILTER, "method-not-allowed", 405),
    /** The request target is longer than the service accepts (RFC 9110 section 15.5.15). */
    URL_TOO_LONG(Protector.REQUEST_FILTER, "url-too-long", 414),
    /** The body's Content-Length is over the service's limit (RFC 9110 section 15.5.14). */
    BODY_TOO_LARGE(Protector.REQUEST_FILTER, "body-too-large", 413),
    /** The service limits bodies and this one comes without a length (RFC 9110 section 15.5.12). */
    LENGTH_REQUIRED(Protector.REQUEST_FILTER, "length-required", 411),
    /** A ".." segment in the path or query, in some encoding. */
    PATH_TRAVERSAL(Protector.REQUEST_FILTER, "path-traversal", 403),
    /** A common SQL, script or shell injection signature in the path or query. */
    INJECTION(Protector.REQUEST_FILTER, "injection", 403),
    /** The client's bucket of a rate limit is empty (RFC 6585 section 4); Retry-After says when it will not be. */
    RATE_LIMITED(Protector.RATE_LIMIT, "exceeded", 429);

    private final Protector protector;
    private final String reason;
    private final int status;

    Refusal(Protector protector, String reason, int status) {
        this.protector = protector;
        this.reason = reason;
        this.status = status;
    }

    public Protector protector() {
        return protector;
    }

    /** The reason code customers see in the body and in Cache-Status. */
    public String reason() {
        return reason;
    }

    public int status() {
        return status;
    }

    /** The RFC 9211 Cache-Status {@code detail} token: {@code signed-url.expired}. */
    public String detail() {
        return protector.wireName() + "." + reason;
    }
}

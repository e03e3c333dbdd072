package dev.cdn.api.origintest;

/** What fetching an origin once came to; each carries the sentence the answer gives. */
enum OriginTestOutcome {
    /** An answer with a 1xx-3xx status. */
    OK(true),
    /** An answer, but a 4xx or 5xx status. */
    HTTP_ERROR(true),
    /** The host name has no address. */
    DNS_FAILED(false),
    /** Nothing accepts connections at the address and port. */
    CONNECT_REFUSED(false),
    /** No connection within the connect timeout. */
    CONNECT_TIMEOUT(false),
    /** TLS was asked for, and the origin answered in plain HTTP. */
    NOT_TLS(false),
    /** The TLS handshake or the certificate check failed. */
    TLS_FAILED(false),
    /** Connected, but no answer within the response timeout. */
    TIMEOUT(false),
    /** The origin closed the connection without answering. */
    CLOSED(false),
    /** Anything else. */
    FAILED(false);

    private final boolean reachable;

    OriginTestOutcome(boolean reachable) {
        this.reachable = reachable;
    }

    /** True when the origin answered HTTP at all. */
    boolean reachable() {
        return reachable;
    }
}

package dev.cdn.edge.policy;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Recognises an error a CDN tier produced itself (502/504 for an unreachable or silent upstream, a failed TLS
 * handshake, 503 when the service's share of upstream connections is in use) rather than relayed from the origin.
 * Such a response says nothing about the resource, so no tier may store it: the tier that makes one marks it with
 * {@code Cache-Control: no-store} and an RFC 9211 Cache-Status member whose {@code detail} is {@code upstream-error}
 * (or {@code upstream-busy}); a tier below recognises the mark here.
 */
public final class SelfMadeErrors {

    /** The Cache-Status {@code detail} of a self-made error for an unreachable or silent upstream. */
    public static final String DETAIL = "detail=" + NoCacheReason.UPSTREAM_ERROR.token();
    /** The Cache-Status {@code detail} of a refusal for want of an upstream connection in the service's share. */
    public static final String BUSY_DETAIL = "detail=" + NoCacheReason.UPSTREAM_BUSY.token();

    /** The self-made errors a tier answers with: status, body text and Cache-Status detail. */
    public enum Kind {
        UNREACHABLE(502, "upstream unreachable\n", DETAIL),
        TIMED_OUT(504, "upstream timed out\n", DETAIL),
        /**
         * No connection free in the service's share: RFC 9110 section 15.6.4, a temporary overload, with
         * {@code Retry-After} (section 10.2.3) because shares free up as the slow exchanges end.
         */
        BUSY(503, "upstream busy: this service's share of upstream connections is in use\n", BUSY_DETAIL);

        public final int status;
        public final String text;
        public final String detail;

        Kind(int status, String text, String detail) {
            this.status = status;
            this.text = text;
            this.detail = detail;
        }

        /** The kind of a self-made error status (502, 503, 504). */
        public static Kind of(int status) {
            return switch (status) {
                case 503 -> BUSY;
                case 504 -> TIMED_OUT;
                default -> UNREACHABLE;
            };
        }
    }

    /** Seconds a client is asked to wait after {@link Kind#BUSY}. */
    public static final String BUSY_RETRY_AFTER = "1";

    private SelfMadeErrors() {
    }

    /**
     * True when an upstream cache answered with an error of its own: some Cache-Status member (RFC 9211 §2, a
     * list of cache members) carries the self-made error detail.
     */
    public static boolean madeByUpstreamCache(int status, HttpHeaders response) {
        if (status < 500) {
            return false;
        }
        for (String line : response.getAll("Cache-Status")) {
            for (String member : line.split(",")) {
                for (String param : member.split(";")) {
                    String p = param.trim();
                    if (p.equals(DETAIL) || p.equals(BUSY_DETAIL)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

package dev.cdn.edge.policy;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Recognises an error a CDN tier produced itself (502/504 for an unreachable or silent upstream, a failed TLS
 * handshake) rather than relayed from the origin. Such a response says nothing about the resource, so no tier may
 * store it: the tier that makes one marks it with {@code Cache-Control: no-store} and an RFC 9211 Cache-Status
 * member whose {@code detail} is {@code upstream-error}; a tier below recognises the mark here.
 */
public final class SelfMadeErrors {

    /** The Cache-Status {@code detail} of a self-made error. */
    public static final String DETAIL = "detail=" + NoCacheReason.UPSTREAM_ERROR.token();

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
                    if (param.trim().equals(DETAIL)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
